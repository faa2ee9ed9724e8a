"""Export published stories as JSONL, CSV or QDPX (REFI-QDA project exchange).

QDPX lets researchers continue in QualCoder, ATLAS.ti or NVivo: each story is
a text source, each place a code, and each story is coded, as a whole, with
its places.

Whatever leaves here is read by other programs, so every value passes one of two small
writers: ``csv_cell`` (a cell that a spreadsheet would read as a formula, starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return, gets a leading apostrophe, as OWASP advises
against CSV injection) and ``xml_text`` (characters XML 1.0 forbids, such as ``\x01`` or
``\x0b``, are dropped, so the project file always parses).
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile
from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 does not allow anywhere (https://www.w3.org/TR/xml/#charsets).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NAMESPACE = uuid.UUID("6f2b3c2e-5c1d-4a53-9b8e-53746f727962")  # fixed: the same story keeps its GUID


def guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}")).upper()


def story_row(story) -> dict:
    return {
        "slug": story.slug, "title": story.title, "narrator": story.narrator_label,
        "narrator_role": story.narrator_role, "organisation_type": story.organisation_type,
        "told": f"{story.year:04d}-{story.month:02d}", "patterns": [p.slug for p in story.patterns],
        "text": story.text,
    }


def to_jsonl(stories) -> str:
    return "".join(json.dumps(story_row(s), ensure_ascii=False) + "\n" for s in stories)


def to_csv(stories) -> str:
    out = io.StringIO()
    fields = ["slug", "title", "narrator", "narrator_role", "organisation_type", "told", "patterns", "text"]
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    for story in stories:
        row = story_row(story)
        row["patterns"] = ";".join(row["patterns"])
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()


def csv_cell(value):
    """A cell no spreadsheet runs as a formula: text starting with = + - @ tab or CR gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 forbids (control characters other than tab and newlines)."""
    return NOT_XML.sub("", text)


def to_qdpx(stories, patterns) -> bytes:
    """A .qdpx archive: project.qde plus one plain-text file per story under sources/."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    user = guid("user", "storybank")
    codes = "".join(
        f'<Code guid="{guid("code", p.slug)}" name={quoteattr(xml_text(p.name))} isCodable="true">'
        f"<Description>{_escape(p.summary)}</Description></Code>" for p in patterns)
    sources, files = [], {}
    for story in stories:
        source_guid = guid("story", story.slug)
        files[f"sources/{source_guid}.txt"] = story.text
        selections = "".join(
            f'<PlainTextSelection guid="{guid("selection", story.slug + ":" + p.slug)}" '
            f'name={quoteattr(xml_text(p.name))} startPosition="0" endPosition="{len(story.text)}" '
            f'creatingUser="{user}" creationDateTime="{now}">'
            f'<Coding guid="{guid("coding", story.slug + ":" + p.slug)}" creatingUser="{user}">'
            f'<CodeRef targetGUID="{guid("code", p.slug)}"/></Coding></PlainTextSelection>'
            for p in story.patterns)
        sources.append(
            f'<TextSource guid="{source_guid}" name={quoteattr(xml_text(story.title))} '
            f'plainTextPath="internal://{source_guid}.txt" creatingUser="{user}" creationDateTime="{now}">'
            f"<Description>{_escape(story.narrator_label + ', ' + story.told)}</Description>"
            f"{selections}</TextSource>")
    project = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Storybank" origin="Storybank" '
        f'creatingUserGUID="{user}" creationDateTime="{now}">'
        f'<Users><User guid="{user}" name="Storybank"/></Users>'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook>"
        f"<Sources>{''.join(sources)}</Sources></Project>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project)
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
