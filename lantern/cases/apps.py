import uuid

from lantern.core.appconfig import DomainAppConfig


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
            rows = Person.objects.filter(pk=person_id).values_list("partnership_id", flat=True)
            return rows.first()

        def case_partnership(case_id: uuid.UUID) -> uuid.UUID | None:
            rows = Case.objects.filter(pk=case_id).values_list("partnership_id", flat=True)
            return rows.first()

        # The partnership a person or a case belongs to, an id and no more
        # (lantern/core/directory.py): safeguarding gives its records the person's and reads
        # the case's only; evidence filed under a case takes the case's.
        directory.register_partnership_lookup("person", person_partnership)
        directory.register_partnership_lookup("case", case_partnership)
        # A subject access request finds the person records, cases and vehicles a person is
        # known by here, and their records (lantern/cases/selectors/subject_access.py).
        from lantern.cases.selectors import subject_access

        directory.register_subject_identifier("cases", subject_access.identify)
        directory.register_subject_finder("cases", subject_access.find)
