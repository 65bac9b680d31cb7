"""Bundles for the prosecution or the defence (lantern.evidence.bundles), on a real case: what
goes in, who may make one, and that ``lantern bundle verify`` and the standalone script
``tools/verify_bundle.py`` agree on fresh and tampered bundles alike."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from conftest import PASSWORD, actor_of
from lantern.audit.models import AuditEvent
from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.evidence import previews, statements
from lantern.evidence import services as evidence_services
from lantern.evidence.bundles import keys, verify
from lantern.evidence.bundles.services import NO_EXHIBITS, bundle_write
from lantern.evidence.filetypes import classify
from lantern.evidence.models import Bundle, BundleKey, ItemMetadata
from lantern.evidence.tests.factories import clip, sha, upload_bytes, write

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "tools" / "verify_bundle.py"


@pytest.fixture(autouse=True)
def stored(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.LANTERN_UPLOAD_DIR = str(tmp_path / "uploads")


def _item_on(report, data: bytes):
    token = evidence_services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=report.pk
    )
    return upload_bytes(actor=ANONYMOUS, data=data, token=token).item


def _redacted(officer, item, tmp_path: Path, data: bytes):
    return previews.item_derive(
        actor=officer,
        parent_id=item.pk,
        source=write(tmp_path, data),
        sha256=sha(data),
        size=len(data),
        verdict=classify(data),
        purpose="redacted",
    )


@pytest.fixture
def evidence(officer, case, linked_report, resident, tmp_path):
    """Two clips on the case's report (one with a redacted copy, exhibit RP/1) and a signed
    statement about the report."""
    first, second = clip(3000), clip(5000)
    item = _item_on(linked_report, first)
    other = _item_on(linked_report, second)
    evidence_services.exhibit_assign(actor=officer, case_id=case.pk, item_id=item.pk, initials="RP")
    copy_bytes = clip(2500)
    copy = _redacted(officer, item, tmp_path, copy_bytes)
    witness = resident  # who made the report
    statement = statements.statement_start(
        actor=witness, witness_name="Ada Thornbury", link_kind="report",
        link_id=linked_report.pk,
    )  # fmt: skip
    statements.statement_update(
        actor=witness, statement_id=statement.pk, body="I saw a car stop at number 4.",
        no_dates_to_avoid=True,
    )  # fmt: skip
    signed = statements.statement_sign(
        actor=witness, statement_id=statement.pk, typed_name="Ada Thornbury",
        secret=PASSWORD, declaration_accepted=True,
    )  # fmt: skip
    return {
        "item": item, "other": other, "copy": copy, "statement": signed,
        "bytes": {item.pk: first, other.pk: second, copy.pk: copy_bytes},
    }  # fmt: skip


def _make(officer, case, recipient: str, tmp_path: Path, **extra) -> tuple[Path, Bundle]:
    out = tmp_path / f"{recipient}.zip"
    with out.open("wb") as handle:
        bundle = bundle_write(
            actor=officer, case_id=case.pk, recipient=recipient, out=handle, **extra
        )
    return out, bundle


def _manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def test_a_defence_bundle_holds_the_redacted_copy_never_its_original(
    officer, case, evidence, tmp_path
):
    path, bundle = _make(
        officer, case, "defence", tmp_path, extra_files=[("MG6C schedule.pdf", b"%PDF-1.4 x")]
    )
    manifest = _manifest(path)
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    item, copy, other = evidence["item"], evidence["copy"], evidence["other"]
    blobs = set(contents.values())
    assert evidence["bytes"][item.pk] not in blobs  # the original never goes to the defence
    assert evidence["bytes"][copy.pk] in blobs and evidence["bytes"][other.pk] in blobs
    entries = {entry["path"]: entry for entry in manifest["files"]}
    redacted = entries["exhibits/RP-1-redacted.mp4"]
    assert redacted["sha256"] == copy.blob_id and redacted["original_sha256"] == item.blob_id
    assert redacted["exhibit_reference"] == "RP/1" and redacted["derived"] == "redacted"
    assert redacted["custody"][0]["action"] == "evidence.derived"
    assert "evidence.received" in [e["action"] for e in redacted["original_custody"]]
    plain = entries[f"exhibits/item-{str(other.pk)[:8]}.mp4"]
    assert "original_sha256" not in plain and plain["custody"][0]["action"] == "evidence.received"
    stem = f"statements/MG11-{str(evidence['statement'].pk)[:8]}"
    assert entries[f"{stem}.txt"]["sha256"] == evidence["statement"].sha256
    assert contents[f"{stem}.pdf"].startswith(b"%PDF")
    assert contents["documents/MG6C-schedule.pdf"] == b"%PDF-1.4 x"
    assert manifest["case_reference"] == case.reference and manifest["recipient"] == "defence"
    assert manifest["created_by_role"] == "Police officer"
    assert manifest["key_id"] == bundle.key_id == BundleKey.objects.get().key_id
    assert "Test Police officer" not in json.dumps(manifest)  # a role, never a name
    assert verify.verify(str(path)).ok
    # Audited: the bundle with its recipient, and an export on each item that went in.
    created = AuditEvent.objects.get(action="evidence.bundle_created")
    assert json.loads(created.details)["recipient"] == "defence"
    exported = set(
        AuditEvent.objects.filter(action="evidence.exported").values_list("object_id", flat=True)
    )
    assert exported == {str(copy.pk), str(other.pk)}


def test_the_prosecution_gets_the_originals(officer, case, evidence, tmp_path):
    path, _ = _make(officer, case, "prosecution", tmp_path)
    with zipfile.ZipFile(path) as archive:
        blobs = {archive.read(name) for name in archive.namelist()}
    assert evidence["bytes"][evidence["item"].pk] in blobs
    assert evidence["bytes"][evidence["copy"].pk] not in blobs


def test_chosen_exhibits_only_and_clear_refusals(officer, case, evidence, tmp_path, make_user, far):
    path, _ = _make(officer, case, "prosecution", tmp_path, item_ids=[evidence["other"].pk])
    exhibits = [f for f in _manifest(path)["files"] if f["kind"] == "exhibit"]
    assert [f["item_id"] for f in exhibits] == [str(evidence["other"].pk)]
    with pytest.raises(ValidationFailed, match="Choose exhibits from those on this case"):
        _make(officer, case, "defence", tmp_path, item_ids=[evidence["copy"].pk])
    with pytest.raises(ValidationFailed, match="Choose who the bundle is for"):
        _make(officer, case, "jury", tmp_path)
    stranger = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    with pytest.raises(NotFound):
        _make(stranger, case, "defence", tmp_path)
    analyst = actor_of(make_user(Role.ANALYST))
    with pytest.raises((NotFound, PermissionDenied)):
        _make(analyst, case, "defence", tmp_path)
    assert Bundle.objects.count() == 1


def test_a_case_with_no_exhibits_says_so(officer, case, tmp_path):
    with pytest.raises(ValidationFailed) as refused:
        _make(officer, case, "defence", tmp_path)
    assert refused.value.errors == {"items": [NO_EXHIBITS]}
    with pytest.raises(CommandError, match="at least one exhibit"):
        call_command(
            "bundle", "create", case.reference, "--for", "defence", "--out", str(tmp_path / "b.zip")
        )
    with pytest.raises(CommandError, match="No case has the reference 'XX-0000'"):
        call_command(
            "bundle", "create", "XX-0000", "--for", "defence", "--out", str(tmp_path / "b.zip")
        )
    with pytest.raises(CommandError, match="invalid choice: 'jury'"):
        call_command(
            "bundle", "create", case.reference, "--for", "jury", "--out", str(tmp_path / "b.zip")
        )
    assert not (tmp_path / "b.zip").exists() and not Bundle.objects.exists()


def test_the_signing_key_is_sealed_and_made_once_per_partnership(
    officer, case, evidence, tmp_path, settings
):
    _make(officer, case, "defence", tmp_path)
    _make(officer, case, "prosecution", tmp_path)
    row = BundleKey.objects.get()
    assert (
        bytes(row.sealed_private_key)[12:] != b""
        and len(bytes(row.sealed_private_key)) == 12 + 32 + 16
    )
    opened = keys.unseal(row.pk, row.sealed_private_key)
    assert keys.key_id(opened.public_key()) == row.key_id
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another secret for this test only, long enough to be one"
    assert keys.key_id(keys.unseal(row.pk, row.sealed_private_key).public_key()) == row.key_id
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(keys.KeyUnavailable):
        keys.unseal(row.pk, row.sealed_private_key)
    assert AuditEvent.objects.filter(action="evidence.bundle_key_created").count() == 1


# --- verify: the command and the standalone script agree ---------------------------------------


def _rezip(
    path: Path, target: Path, change: Callable[[dict[str, bytes]], dict[str, bytes]]
) -> Path:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in change(members).items():
            archive.writestr(name, data)
    return target


def _flip(path: Path, target: Path, name: str, at: int = 0) -> Path:
    """One byte of ``name``'s stored bytes changed in place (the ZIP's own CRC now wrong)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    header = info.header_offset
    start = header + 30 + int.from_bytes(data[header + 26 : header + 28], "little")
    start += int.from_bytes(data[header + 28 : header + 30], "little")
    data[start + at] ^= 0x01
    target.write_bytes(bytes(data))
    return target


def _both(path: Path, key: Path | None = None) -> tuple[tuple[int, str], tuple[int, str]]:
    """(exit status, message) of the command and of the script run on its own."""
    extra = ["--key", str(key)] if key else []
    out = io.StringIO()
    try:
        call_command("bundle", "verify", str(path), *extra, stdout=out)
        command = (0, out.getvalue())
    except CommandError as exc:
        command = (exc.returncode, str(exc))
    run = subprocess.run(  # noqa: S603 (our own script, with the interpreter running the tests)
        [sys.executable, "-I", str(SCRIPT), str(path), *extra],
        capture_output=True, text=True, cwd=path.parent, check=False,
    )  # fmt: skip
    return command, (run.returncode, run.stdout + run.stderr)


def test_verify_agrees_on_fresh_and_tampered_bundles(officer, case, evidence, tmp_path):
    path, bundle = _make(officer, case, "defence", tmp_path)
    published = tmp_path / "published.pem"
    published.write_text(keys.public_pem(BundleKey.objects.get()))
    other_key = tmp_path / "other.pem"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other_key.write_bytes(
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    names = [f["path"] for f in _manifest(path)["files"]]
    exhibit = names[0]
    command, script = _both(path, published)
    assert command[0] == script[0] == 0, (command, script)
    assert f"signature by key {bundle.key_id}" in command[1] and "Note:" not in command[1]
    command, script = _both(path)
    assert command[0] == script[0] == 0
    assert "consistent with itself" in command[1] and "consistent with itself" in script[1]

    def without(name):
        return lambda m: {k: v for k, v in m.items() if k != name}

    cases = {
        **{f"byte of {n}": (_flip, n, n) for n in [*names, "manifest.json", "manifest.sig"]},
        "member removed": (_rezip, without(exhibit), exhibit),
        "member added": (_rezip, lambda m: {**m, "exhibits/extra.mp4": b"x"}, "exhibits/extra.mp4"),
        "member rewritten": (_rezip, lambda m: {**m, exhibit: m[exhibit] + b"!"}, exhibit),
        "manifest rewritten": (
            _rezip,
            lambda m: {
                **m,
                "manifest.json": m["manifest.json"].replace(b"defence", b"prosecution"),
            },
            "manifest.json",
        ),
        "signature missing": (_rezip, without("manifest.sig"), "manifest.sig"),
    }
    for label, (how, what, named) in cases.items():
        target = how(path, tmp_path / "tampered.zip", what)
        command, script = _both(target, published)
        assert command[0] == script[0] == 1, (label, command, script)
        assert named in command[1] and command[1] in script[1], (label, command, script)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    command, script = _both(truncated, published)
    assert command[0] == script[0] == 1 and "truncated or damaged" in command[1]
    assert command[1] in script[1]
    command, script = _both(path, other_key)
    assert command[0] == script[0] == 1 and "this is not the key that signed" in command[1]
    assert command[1] in script[1]


def test_the_standalone_script_is_the_check_lantern_runs():
    module = ROOT / "lantern" / "evidence" / "bundles" / "verify.py"
    assert SCRIPT.read_bytes() == module.read_bytes()
    assert "lantern" not in {
        line.split()[1].split(".")[0]
        for line in module.read_text().splitlines()
        if line.startswith(("import ", "from "))
    }


# --- the pages ----------------------------------------------------------------------------------


def test_an_officer_makes_and_downloads_a_bundle_on_the_case_page(
    case, evidence, make_user, far, tmp_path
):
    from django.urls import reverse

    from conftest import client_for

    officer = client_for(make_user(Role.POLICE_OFFICER))
    url = reverse("evidence:case-bundles", args=[case.pk])
    page = officer.get(url).content.decode()
    assert "RP/1" in page and "has a redacted copy: the defence gets that" in page
    refused = officer.post(url, {"recipient": "jury", "items": []}).content.decode()
    assert "govuk-error-summary" in refused and "Choose at least one exhibit" in refused
    assert "Choose who the bundle is for" in refused and not Bundle.objects.exists()
    chosen = [str(evidence["item"].pk), str(evidence["other"].pk)]
    done = officer.post(url, {"recipient": "defence", "items": chosen})
    assert done.status_code == 302
    bundle = Bundle.objects.get()
    download = reverse("evidence:case-bundle-download", args=[case.pk, bundle.pk])
    assert download in officer.get(url).content.decode()
    answer = officer.get(download)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    saved = tmp_path / "downloaded.zip"
    saved.write_bytes(b"".join(answer.streaming_content))
    assert verify.verify(str(saved)).ok
    with zipfile.ZipFile(saved) as archive:
        assert evidence["bytes"][evidence["item"].pk] not in {
            archive.read(n) for n in archive.namelist()
        }
    event = AuditEvent.objects.get(action="evidence.bundle_downloaded")
    assert json.loads(event.details)["recipient"] == "defence" and event.object_id == str(bundle.pk)

    # Another partnership's officer learns nothing and makes nothing.
    stranger = client_for(make_user(Role.POLICE_OFFICER, "far_police"))
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"recipient": "defence", "items": chosen}).status_code == 404
    assert stranger.get(download).status_code == 404
    assert Bundle.objects.count() == 1
    assert AuditEvent.objects.filter(action="evidence.bundle_downloaded").count() == 1
    # A role that may not make bundles is refused.
    analyst = client_for(make_user(Role.ANALYST))
    assert analyst.get(url).status_code == 403

    # The public page publishes the key, and the script, to anyone.
    anyone = Client()
    keys_page = anyone.get(reverse("evidence:public-keys")).content.decode()
    row = BundleKey.objects.get()
    assert row.key_id in keys_page and "BEGIN PUBLIC KEY" in keys_page
    pem = anyone.get(reverse("evidence:public-key", args=[row.key_id]))
    assert pem.content.decode() == keys.public_pem(row)
    published = tmp_path / "published.pem"
    published.write_bytes(pem.content)
    assert verify.verify(str(saved), published.read_bytes()).ok
    script = anyone.get(reverse("evidence:verify-script"))
    assert script.content == SCRIPT.read_bytes()
    assert anyone.get(reverse("evidence:public-key", args=["0" * 16])).status_code == 404


def test_the_page_of_a_case_with_no_evidence_says_so(case, make_user):
    from django.urls import reverse

    from conftest import client_for

    officer = client_for(make_user(Role.POLICE_OFFICER))
    page = officer.get(reverse("evidence:case-bundles", args=[case.pk])).content.decode()
    assert "nothing to put in a bundle" in page and "Make the bundle" not in page


def test_a_retired_key_stays_published_and_the_next_bundle_makes_a_new_one(
    officer, case, evidence, tmp_path
):
    old_path, old = _make(officer, case, "defence", tmp_path)
    partnership = BundleKey.objects.get().partnership
    out = io.StringIO()
    call_command("bundle", "retire-key", partnership.name, stdout=out)
    assert f"Retired key {old.key_id}" in out.getvalue()
    with pytest.raises(CommandError, match="has no current bundle signing key"):
        call_command("bundle", "retire-key", partnership.name)
    with pytest.raises(CommandError, match="No partnership is called 'Nowhere'"):
        call_command("bundle", "retire-key", "Nowhere")
    new_path = tmp_path / "new.zip"
    with new_path.open("wb") as handle:
        new = bundle_write(actor=officer, case_id=case.pk, recipient="defence", out=handle)
    assert new.key_id != old.key_id and BundleKey.objects.count() == 2
    for path, bundle in ((old_path, old), (new_path, new)):
        row = BundleKey.objects.get(key_id=bundle.key_id)
        assert verify.verify(str(path), keys.public_pem(row).encode()).ok
    page = Client().get("/evidence/keys/").content.decode()
    assert old.key_id in page and new.key_id in page and "Retired" in page
    with pytest.raises(NotFound):
        keys.bundle_key_retire(actor=officer, partnership_id=partnership.pk)


# --- the resident's home does not leave in a bundle -------------------------------------------


def test_a_residents_home_gps_is_marked_personal_and_never_reaches_the_defence(
    officer, case, linked_report, tmp_path
):
    import av

    from lantern.evidence.metadata import metadata_read
    from lantern.evidence.redaction import services as redaction
    from lantern.evidence.redaction.geometry import Box
    from lantern.evidence.redaction.render import redaction_render
    from lantern.evidence.tests.test_metadata import HOME
    from lantern.evidence.tests.test_metadata import clip as tagged_clip

    home = (f"{HOME[0]:.4f}", f"{HOME[1]:.4f}")
    original = tagged_clip(at=HOME)  # a phone's recording: its GPS is the resident's home
    item = _item_on(linked_report, original)
    assert item.category == "video" and not ItemMetadata.objects.filter(item=item).exists()
    # Unread so far: the bundle reads it first, so a location is never missed.
    path, _ = _make(officer, case, "prosecution", tmp_path)
    [entry] = [f for f in _manifest(path)["files"] if f["kind"] == "exhibit"]
    metadata = entry["metadata"]
    assert metadata["status"] == "read" and metadata["device_make"] == "Acme"
    assert metadata["personal_data_removed"][:2] == ["latitude", "longitude"]
    assert "member of the public" in metadata["personal_data_reason"]
    assert "still carries the location" in metadata["personal_data_in_file"]
    assert "latitude" not in metadata
    with zipfile.ZipFile(path) as archive:
        manifest_text = archive.read("manifest.json").decode()
        assert archive.read(entry["path"]) == original  # the prosecution's is the original
    assert not any(value in manifest_text for value in home)

    # The defence may not have the original: a clear refusal naming it, nothing written.
    with pytest.raises(ValidationFailed) as refused:
        _make(officer, case, "defence", tmp_path)
    [message] = refused.value.errors["items"]
    assert f"Item {str(item.pk)[:8]} carries a location" in message
    assert "Make a redacted copy of it first" in message
    assert Bundle.objects.filter(recipient="defence").count() == 0

    # With a redacted copy, the defence gets it: no GPS in the file or in the manifest.
    draft = redaction.redaction_create(
        actor=officer, item_id=item.pk, reason="A face", style="blur"
    )
    redaction.region_add(
        actor=officer,
        redaction_id=draft.pk,
        data=redaction.RegionInput(label="face", box=Box(4, 4, 16, 16), start=0.0, end=0.2),
    )
    redaction.render_ask(actor=officer, redaction_id=draft.pk)
    assert redaction_render(actor=SYSTEM, redaction_id=draft.pk) is not None
    path, _ = _make(officer, case, "defence", tmp_path)
    [entry] = [f for f in _manifest(path)["files"] if f["kind"] == "exhibit"]
    assert entry["derived"] == "redacted" and "personal_data_in_file" not in entry["metadata"]
    assert entry["metadata"]["personal_data_removed"][:2] == ["latitude", "longitude"]
    with zipfile.ZipFile(path) as archive:
        assert not any(value in archive.read("manifest.json").decode() for value in home)
        copy = archive.read(entry["path"])
    with av.open(io.BytesIO(copy)) as container:
        tags = dict(container.metadata)
        for stream in container.streams:
            tags.update(stream.metadata)
    assert not [k for k in tags if "location" in k.lower() or "xyz" in k.lower()], tags
    assert not any(value in str(tags) for value in home) and "creation_time" not in tags
    assert metadata_read(actor=SYSTEM, item_id=item.pk).personal  # read once, marked


def test_verify_says_what_is_wrong_with_bad_input_and_never_crashes(
    officer, case, evidence, tmp_path
):
    path, _ = _make(officer, case, "defence", tmp_path)
    not_zip = tmp_path / "holiday.zip"
    not_zip.write_bytes(b"These are not the bytes of a ZIP file at all." * 20)
    command, script = _both(not_zip)
    assert command[0] == script[0] == 1 and "not a readable ZIP" in command[1]
    assert command[1] in script[1]
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w"):
        pass
    command, script = _both(empty)
    assert command[0] == script[0] == 1
    assert "manifest.json is missing: this is not a complete Lantern bundle" in command[1]
    assert command[1] in script[1]
    for label, key_bytes, words in (
        ("garbage", b"\x00\x01 not a key", "neither PEM nor base64"),
        ("short", b"c2hvcnQ=", "has 32 bytes, not 5"),
        ("broken pem", b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "PEM"),
    ):
        key = tmp_path / f"{label.replace(' ', '-')}.pem"
        key.write_bytes(key_bytes)
        command, script = _both(path, key)
        assert command[0] == script[0] == 1, (label, command, script)
        assert "the key given" in command[1] and words in command[1], (label, command)
        assert command[1] in script[1]
    missing = tmp_path / "nowhere.zip"
    with pytest.raises(CommandError, match="There is no bundle at") as caught:
        call_command("bundle", "verify", str(missing))
    assert caught.value.returncode == 2
    run = subprocess.run(  # noqa: S603 (our own script, with the interpreter running the tests)
        [sys.executable, "-I", str(SCRIPT), str(missing)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 2 and "Cannot open the bundle" in run.stderr
    with pytest.raises(CommandError, match="Cannot read the key") as caught:
        call_command("bundle", "verify", str(path), "--key", str(tmp_path / "no.pem"))
    assert caught.value.returncode == 2
