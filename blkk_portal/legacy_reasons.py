"""Old change reasons, written as sentences in the actor's language, turned into codes.

Before `blkk_portal.reasons`, workflows stored their reason as an English or Indonesian
sentence. The data migrations of registry, forum and roadmap read each distinct stored
sentence once, recognise the ones these workflows wrote (in either language, as the
catalogue had them) and store the code instead; anything else, a person's own words
above all, stays as it is and is read as it is.
"""

import re

from django.utils import translation

from . import reasons

# (code, English pattern, Indonesian pattern); the groups become the code's parameters.
_SENTENCES = [
    ("demo", r"load_demo", None),
    ("import", r"Import of (?P<file>.*) #(?P<id>\d+)", r"Impor (?P<file>.*) #(?P<id>\d+)"),
    (
        "meeting.recorded",
        r"Recorded with (?P<count>\d+) attending BLK-Ks?",
        r"Dicatat dengan (?P<count>\d+) BLK-K yang hadir",
    ),
    ("board.term_ended", r"Term ended", r"Masa bakti diakhiri"),
    ("decree.signed", r"signed PDF recorded", r"PDF yang ditandatangani telah dicatat"),
    (
        "blkk.mentor_set",
        r"mentor centre set by decree (?P<number>.+)",
        r"balai pembina ditetapkan dengan surat keputusan (?P<number>.+)",
    ),
    (
        "blkk.classified",
        r"Classification of (?P<date>\d{4}-\d{2}-\d{2}): (?P<reason>.*)",
        r"Klasifikasi tanggal (?P<date>\d{4}-\d{2}-\d{2}): (?P<reason>.*)",
    ),
    ("implementation.joined", r"Joined the programme", r"Bergabung dengan program kerja"),
    ("implementation.approved", r"Report for (?P<period>.+) approved", r"Laporan untuk (?P<period>.+) disetujui"),
    ("implementation.reported", r"Report for (?P<period>.+)", r"Laporan untuk (?P<period>.+)"),
    ("period.locked", r"Locked: the period takes no more reports\.", r"Dikunci: periode tidak menerima laporan lagi\."),
    ("period.unlocked", r"Unlocked: the period takes reports again\.", r"Dibuka: periode menerima laporan lagi\."),
]
# A decree's status label was its reason when it was superseded or revoked; only decrees read so.
_DECREE_SENTENCES = [
    ("decree.superseded", r"superseded", r"digantikan"),
    ("decree.revoked", r"revoked", r"dicabut"),
]
_INTEGERS = {"count", "id"}
UPDATE_BATCH = 5000
MENTOR_SET = reasons.PREFIX + "blkk.mentor_set"
ENDED_CODE = reasons.PREFIX + "blkk.mentor_ended"


def _compiled(sentences):
    return [
        (code, re.compile(pattern, re.DOTALL))
        for code, *patterns in sentences
        for pattern in patterns
        if pattern is not None
    ]


PATTERNS = _compiled(_SENTENCES)
DECREE_PATTERNS = _compiled(_DECREE_SENTENCES) + PATTERNS


def recognise(text, *, decree=False):
    """The stored code for an old sentence a workflow wrote, or None when it is not one."""
    if not text or text.startswith(reasons.PREFIX):
        return None
    for code, pattern in DECREE_PATTERNS if decree else PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            params = {name: int(value) if name in _INTEGERS else value for name, value in match.groupdict().items()}
            return reasons.encode(code, **params)
    return None


def _history_models(apps, app_label):
    models = apps.get_app_config(app_label).get_models()
    return [model for model in models if "history_change_reason" in {f.name for f in model._meta.fields}]


def to_codes(apps, app_label):
    """Migration step: every recognised old sentence in the app's history tables becomes its code.

    One pass over each table's (id, reason) rows, recognising each distinct text once; then
    one UPDATE by primary key per code and batch. A classification note made nearly every
    BLK-K reason distinct, so an UPDATE per distinct text, each scanning the table (the
    reason has no index), would not finish at national scale.
    """
    for model in _history_models(apps, app_label):
        decree = model.__name__ == "HistoricalDecree"
        # The old workflow wrote "set by decree" when a decree's end removed the centre too.
        tracks_centre = "mentor_centre" in {f.name for f in model._meta.fields}
        columns = ["pk", "history_change_reason", *(["mentor_centre_id"] if tracks_centre else [])]
        rows = model.objects.exclude(history_change_reason__isnull=True).exclude(history_change_reason="")
        known, pks_by_code = {}, {}
        for row in rows.order_by().values_list(*columns).iterator(chunk_size=UPDATE_BATCH):
            text = row[1]
            if text not in known:
                known[text] = recognise(text, decree=decree)
            code = known[text]
            if code is None:
                continue
            if tracks_centre and row[2] is None and code.startswith(MENTOR_SET):
                code = ENDED_CODE + code[len(MENTOR_SET) :]
            pks_by_code.setdefault(code, []).append(row[0])
        for code, pks in pks_by_code.items():
            for start in range(0, len(pks), UPDATE_BATCH):
                model.objects.filter(pk__in=pks[start : start + UPDATE_BATCH]).update(history_change_reason=code)


def to_sentences(apps, app_label):
    """Reverse step: every code becomes its English sentence again, as the workflows once wrote."""
    with translation.override("en"):
        for model in _history_models(apps, app_label):
            rows = model.objects.filter(history_change_reason__startswith=reasons.PREFIX)
            distinct = rows.order_by().values_list("history_change_reason", flat=True).distinct()
            for stored in list(distinct):
                text = reasons.render(stored)[: reasons.REASON_LENGTH]
                if text != stored:
                    rows.filter(history_change_reason=stored).update(history_change_reason=text)
