"""Bundles for the prosecution or the defence that anyone can verify (issue 22 part 4).

A bundle is a ZIP of a case's chosen exhibits (a redacted copy in place of an original where
the recipient must not see the original: ``rules``), its signed witness statements, any
documents handed in (the CPIA schedules) and a ``manifest.json`` giving every file's path,
size, SHA-256 (and its original's when it is a derived copy) and custody events, signed with
the partnership's Ed25519 key (``keys``). ``verify`` checks one with the standard library and
``cryptography`` only, and ships as ``tools/verify_bundle.py``. docs/evidence.md "Bundles".
"""
