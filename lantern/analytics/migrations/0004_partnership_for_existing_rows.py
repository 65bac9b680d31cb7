"""Step two of three: every patrol plan and impact evaluation made before partnerships gets
the oldest partnership (the one accounts 0004 made for an existing deployment, "Default
partnership"). Rows but no partnership at all: make that one. An empty database: nothing."""

from django.db import migrations


def forwards(apps, schema_editor):
    Partnership = apps.get_model("accounts", "Partnership")
    PatrolPlan = apps.get_model("analytics", "PatrolPlan")
    ImpactEvaluation = apps.get_model("analytics", "ImpactEvaluation")
    plans = PatrolPlan.objects.filter(partnership__isnull=True)
    evaluations = ImpactEvaluation.objects.filter(partnership__isnull=True)
    if not plans.exists() and not evaluations.exists():
        return
    partnership = Partnership.objects.order_by("created_at").first()
    if partnership is None:
        partnership = Partnership.objects.create(name="Default partnership")
    plans.update(partnership=partnership)
    evaluations.update(partnership=partnership)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0003_patrolplan_impactevaluation_partnership")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
