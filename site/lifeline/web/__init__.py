"""The Flask app that renders the site: routes, relative links, menus, interface strings, templates."""
