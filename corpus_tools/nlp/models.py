"""Where Stanza's French models live, and how to get them onto this machine."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .base import ModelsNotFound

PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
LANG = "fr"


def default_stanza_dir() -> Path:
    """Stanza's own default (``~/stanza_resources`` unless configured otherwise)."""
    from stanza.resources.common import DEFAULT_MODEL_DIR
    return Path(DEFAULT_MODEL_DIR)


def has_french_models(path: Path) -> bool:
    """Whether `path` is a stanza_resources folder with French models."""
    return (path / "resources.json").is_file() and (path / LANG).is_dir()


def find_stanza_dir(explicit: str | os.PathLike | None = None) -> Path | None:
    """The first directory holding French Stanza models: `explicit`, $STANZA_RESOURCES_DIR, default."""
    if explicit:
        path = Path(explicit).expanduser()
        return path if has_french_models(path) else None
    for candidate in (os.environ.get("STANZA_RESOURCES_DIR"), None):
        path = Path(candidate).expanduser() if candidate else default_stanza_dir()
        if has_french_models(path):
            return path
    return None


def models_identity(path: Path) -> str:
    """A digest of the French entry of resources.json, which lists every model file's md5."""
    import json
    resources = json.loads((path / "resources.json").read_text(encoding="utf-8"))
    blob = json.dumps(resources.get(LANG, {}), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def download(target: str | None = None) -> Path:
    """Fetch the official French models from Stanza's model hub."""
    import stanza
    target_dir = Path(target).expanduser() if target else default_stanza_dir()
    try:
        stanza.download(LANG, model_dir=str(target_dir), processors=PROCESSORS)
    except Exception as exc:  # network errors come in many types
        raise ModelsNotFound(
            f"could not download Stanza models ({type(exc).__name__}: {exc}); on an air-gapped "
            "machine, run 'corpus-tools models install --from DIR' with a stanza_resources "
            "folder downloaded elsewhere") from exc
    return target_dir


def check_loads(path: Path) -> None:
    """Build the full French pipeline from `path`, raising ModelsNotFound if it fails."""
    import stanza
    try:
        stanza.Pipeline(LANG, dir=str(path), processors=PROCESSORS,
                        download_method=None, logging_level="WARN")
    except Exception as exc:
        raise ModelsNotFound(f"the models in {path} do not load: {exc}") from exc


def install_from(source: str, target: str | None = None) -> Path:
    """Copy a stanza_resources folder fetched on another machine into place, after checking it loads."""
    src = Path(source).expanduser()
    if not has_french_models(src):
        raise ModelsNotFound(f"{src} holds no French Stanza models (expected resources.json and fr/)")
    check_loads(src)
    dest = Path(target).expanduser() if target else default_stanza_dir()
    dest.mkdir(parents=True, exist_ok=True)
    # Stage next to the target so the final renames stay on one file system.
    staging = Path(tempfile.mkdtemp(prefix=".stanza-install-", dir=dest))
    shutil.copytree(src / LANG, staging / LANG)
    (staging / "resources.json").write_text(_merged_resources(src, dest), encoding="utf-8")
    if (dest / LANG).exists():
        shutil.rmtree(dest / LANG)
    os.replace(staging / LANG, dest / LANG)
    os.replace(staging / "resources.json", dest / "resources.json")
    staging.rmdir()
    return dest


def _merged_resources(src: Path, dest: Path) -> str:
    """dest's resources.json with src's French entries: other languages stay usable."""
    import json
    merged = json.loads((src / "resources.json").read_text(encoding="utf-8"))
    if (dest / "resources.json").is_file():
        existing = json.loads((dest / "resources.json").read_text(encoding="utf-8"))
        existing.update({k: v for k, v in merged.items() if k == LANG or k not in existing})
        merged = existing
    return json.dumps(merged, indent=2)
