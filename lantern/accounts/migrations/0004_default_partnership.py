"""A deployment that held records before partnerships existed puts them in one partnership,
"Default partnership", with every organisation a member and no area (an administrator draws
its area and splits it later). A new, empty database gets none. Other apps' migrations give
their records to the same partnership (the oldest one)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Partnership = apps.get_model("accounts", "Partnership")
    PartnershipMember = apps.get_model("accounts", "PartnershipMember")
    ApiToken = apps.get_model("accounts", "ApiToken")
    Membership = apps.get_model("accounts", "Membership")
    if not Organisation.objects.exists() or Partnership.objects.exists():
        return
    partnership = Partnership.objects.create(name="Default partnership")
    for organisation in Organisation.objects.all():
        PartnershipMember.objects.create(partnership=partnership, organisation=organisation)
    staff = Membership.objects.exclude(role="resident").values("user_id")
    ApiToken.objects.filter(user_id__in=staff, partnership__isnull=True).update(
        partnership=partnership
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_partnerships")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
