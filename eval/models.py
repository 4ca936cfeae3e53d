"""The Stanza models the evaluations use unless told otherwise: $STANZA_RESOURCES_DIR, else the project's
shared medium models (`../shared/stanza_resources_medium`), else its compact ones."""
from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_models() -> str | None:
    """The models folder an evaluation builds with (None: none found, the build says so)."""
    for candidate in (os.environ.get("STANZA_RESOURCES_DIR"), SHARED / "stanza_resources_medium",
                      SHARED / "stanza_resources"):
        if candidate and (Path(candidate) / "resources.json").is_file():
            return str(candidate)
    return None


def models_label(models: str | None) -> str:
    """How a results table names the models: 'Stanza medium', 'Stanza compact' (the shared sets), else the folder."""
    name = Path(models).name if models else "default"
    return {"stanza_resources_medium": "Stanza medium", "stanza_resources": "Stanza compact"}.get(name, f"Stanza {name}")
