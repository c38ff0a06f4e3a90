"""The patient's own pages: ``diary`` (today, entries, the offline sync, the service worker) and
``account`` (welcome, progress, plan, settings, own data)."""
