"""Load and check everything under content/ and translations/ into one Site (imports only common)."""
