from django.apps import AppConfig


class HandoutsConfig(AppConfig):
    name = "backactive.handouts"
    label = "handouts"

    def warm(self) -> None:
        """At server worker start (``backactive serve``): the Typst compiler keeps its template,
        fonts and layout cache per process, so one handout laid out now makes the first print fast."""
        from backactive.recommendations.engine import recommend

        from .printing import code_version
        from .render import render_handout

        code_version()  # the digest printed handouts are kept under, read once per process

        profile = {"age": 52, "pain": 5, "active_minutes_per_week": 40, "barriers": [], "conditions": [],
                   "red_flags": [], "preferences": {"social": "any", "setting": "any", "enjoys": []},
                   "max_minutes_per_session": 60, "wants_goals": False, "wants_reminders": False}
        for lang in ("de", "en"):
            render_handout(recommend(profile, lang=lang))
