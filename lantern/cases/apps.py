import uuid

from django.db.models import Model

from lantern.core.appconfig import DomainAppConfig

# The column the partnership lookups read, by name: the type checker then does not resolve it
# against models that may not have it yet (see CasesConfig.ready).
PARTNERSHIP_ID = "partnership_id"


class CasesConfig(DomainAppConfig):
    # DomainAppConfig is imported here too: without this flag Django sees two candidate
    # configs and falls back to a plain AppConfig, whose ready() registers nothing.
    default = True
    name = "lantern.cases"
    label = "cases"
    verbose_name = "Cases and enforcement"

    def ready(self) -> None:
        super().ready()
        from lantern.cases.models import Case, Person
        from lantern.core import directory

        def person_partnership(person_id: uuid.UUID) -> uuid.UUID | None:
            rows = Person.objects.filter(pk=person_id).values_list(PARTNERSHIP_ID, flat=True)
            return rows.first()

        def case_partnership(case_id: uuid.UUID) -> uuid.UUID | None:
            rows = Case.objects.filter(pk=case_id).values_list(PARTNERSHIP_ID, flat=True)
            return rows.first()

        # For safeguarding: its records take the person's partnership, and its gate reads the
        # case's partnership's records only (lantern/core/directory.py). The ``partnership``
        # columns of Person and Case come with the cases app's own partnership change
        # (issue 18, branch sc-cases). Until that is merged they do not exist, so each lookup
        # is registered only where its column does, and safeguarding falls back to the
        # writer's partnership. Once both are merged the guard always passes and can go.
        def has_partnership(model: type[Model]) -> bool:
            return any(f.name == "partnership" for f in model._meta.get_fields())

        if has_partnership(Person):
            directory.register_person_partnership_lookup(person_partnership)
        if has_partnership(Case):
            directory.register_case_partnership_lookup(case_partnership)
