"""Publish a finished build to mirrors on S3-compatible object storage, and prove each copy.

targets.py  what to publish to: `s3://BUCKET/PREFIX/` with its endpoint, or a config file
storage.py  the few storage requests publishing makes (boto3), counted, errors in one line
plan.py     what to upload, in which order, and what to delete: what the target holds vs the build
ready.py    what publishing refuses: an unsigned build, placeholder contacts or mirrors
check.py    the copy in the bucket checked by mirror/verify.py's own code, and over HTTP
publish.py  one target from plan to check, and every target at once
"""
