"""The demo practice (``backactive demo``): the study's GPs and patients with 12 weeks of data.
It writes through every app's services, so it sits downstream of all of them."""
