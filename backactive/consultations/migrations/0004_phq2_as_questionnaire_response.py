"""PHQ-2 asked in a consultation becomes a stored questionnaire response (issue 20: one stored
answer, not two). Each consultation's two PHQ-2 answers move into a ``questionnaires.Response``
(source "consultation", answered on the consultation's date, entered by its GP) that the
consultation points to; the GP recorded them, so no "new positive screen" alert is left open.
Backwards, the answers are copied back into the two columns."""

import django.db.models.deletion
from django.db import migrations, models

CUTOFF = 3  # PHQ-2 positive from a sum of 3 (Kroenke et al. 2003); as backactive.questionnaires


def forwards(apps, schema_editor):
    Consultation = apps.get_model("consultations", "Consultation")
    Response = apps.get_model("questionnaires", "Response")
    Answer = apps.get_model("questionnaires", "Answer")
    for c in Consultation.objects.filter(phq2_interest__isnull=False, phq2_down__isnull=False).iterator():
        total = c.phq2_interest + c.phq2_down
        response = Response.objects.create(
            patient_id=c.patient_id, instrument="phq2", source="consultation", started_by_id=c.clinician_id,
            completed_at=c.created_at, answered_on=c.date, scores={"total": total, "positive": total >= CUTOFF},
            screen_positive=total >= CUTOFF, alert_seen_at=c.created_at if total >= CUTOFF else None,
            alert_seen_by_id=c.clinician_id if total >= CUTOFF else None,
        )
        for item, value in (("interest", c.phq2_interest), ("down", c.phq2_down)):
            Answer.objects.create(response=response, patient_id=c.patient_id, instrument="phq2", item=item,
                                  value=value, entered_by_id=c.clinician_id)
        Consultation.objects.filter(pk=c.pk).update(phq2=response)


def backwards(apps, schema_editor):
    Consultation = apps.get_model("consultations", "Consultation")
    Answer = apps.get_model("questionnaires", "Answer")
    for c in Consultation.objects.filter(phq2__isnull=False).iterator():
        current = {a.item: a.value for a in Answer.objects.filter(response_id=c.phq2_id, replaced_at__isnull=True)}
        Consultation.objects.filter(pk=c.pk).update(phq2_interest=current.get("interest"),
                                                    phq2_down=current.get("down"))


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0003_yellow_flags_mobility_clearances_safety_net'),
        ('questionnaires', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='consultation',
            name='phq2',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='questionnaires.response', verbose_name='PHQ-2'),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveConstraint(
            model_name='consultation',
            name='consultation_phq2_valid',
        ),
        migrations.RemoveField(
            model_name='consultation',
            name='phq2_down',
        ),
        migrations.RemoveField(
            model_name='consultation',
            name='phq2_interest',
        ),
    ]
