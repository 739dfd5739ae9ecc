"""The staff desk: upload batches and their progress, the review queue, roles and the audit trail.

Admin views live in `views.py`; the logic they call lives here, in `progress`, `queue` and `audit`.
"""
