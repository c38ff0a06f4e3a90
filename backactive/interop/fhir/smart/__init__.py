"""SMART Backend Services: research platforms registered by a practice admin authenticate with a
signed JWT and get short-lived access tokens for Bulk Data exports."""
