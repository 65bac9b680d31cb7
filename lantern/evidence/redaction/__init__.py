"""Redaction: an officer marks what to obscure in a video or photo (boxes that follow a face
by keyframes, sound to mute), Lantern suggests faces and number plates (detection only, with
the Haar cascades that ship in opencv-python-headless 4.x), and a background task renders a
redacted copy: a new derived item naming its parent, with its own SHA-256 and a log of who
redacted what, in which frames, and why. The original is only read (docs/evidence.md,
"Redaction")."""
