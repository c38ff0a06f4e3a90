"""Study mode: studies with arms and practices, schedules of questionnaires, enrolment with
research consent, completeness and the analysis export. ``randomisation`` and ``timeline`` are
pure Python (no Django); the README in this folder lists the modules."""
