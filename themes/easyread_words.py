"""The easy-read word list (rule ER4): hard words and the everyday words to say
instead. Data, not logic: shared/EASY_READ.md's list plus common officialese.

Each entry is a regular-expression fragment matched as a whole word (or
phrase), case-insensitively, covering the word's usual forms. "error" marks
jargon an easy-read reader should never meet; "warning" marks words that are
plain in other senses ("case", "review"), so a person decides.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HardWord:
    pattern: str  # a regex fragment, matched as whole words, ignoring case
    plain: str  # what to say instead
    severity: str = "error"


HARD_WORDS: tuple[HardWord, ...] = (
    # From shared/EASY_READ.md ("Words to avoid, with plain suggestions").
    HardWord(r"service[ -]users?", "person, people who draw on care and support"),
    HardWord(r"clients?", "person, people who draw on care and support", "warning"),
    HardWord(r"customers?", "person, people who draw on care and support", "warning"),
    HardWord(r"(?<!in )(?<!in any )cases?", "person, what happened", "warning"),
    HardWord(r"assess(?:ment|ments|ed|es|ing)?", "a conversation about what you need"),
    HardWord(r"review(?:s|ed|ing)?", "checking how things are going", "warning"),
    HardWord(r"(?:resource )?allocations?|allocat(?:e|es|ed|ing)", "the money you get"),
    HardWord(r"referrals?", "ask for help from, send you to"),
    HardWord(r"refer(?:s|red|ring)?", "ask for help from, send you to", "warning"),
    HardWord(r"pathways?", "the steps, what happens next"),
    HardWord(r"journeys?", "the steps, what happens next", "warning"),
    HardWord(r"waiting lists?", "waiting for support", "warning"),
    HardWord(r"hand-?offs?", "passing to someone else"),
    HardWord(r"eligib(?:le|ility)|ineligible", "who can get it"),
    HardWord(
        r"commission(?:ing|ed|er|ers)",
        "buying services, the people who buy services",
    ),
    HardWord(r"providers?", "the people who support you"),
    HardWord(r"domiciliary(?: care)?", "support in your own home"),
    HardWord(r"respite(?: care)?", "a break"),
    HardWord(r"re-?ablement", "support to do things for yourself again"),
    HardWord(r"co-?production", "working together as equals"),
    HardWord(r"stakeholders?", "people who are involved"),
    HardWord(r"outcomes?", "what changes for you"),
    HardWord(
        r"prevention|preventative|preventive", "stopping problems before they start"
    ),
    HardWord(r"integration|integrated", "services working together"),
    HardWord(r"innovation|innovative", "new ideas"),
    HardWord(r"quality", "say what it means, for example good support", "warning"),
    HardWord(r"safety", "say what it means, for example being safe", "warning"),
    HardWord(
        r"personali[sz](?:ation|ed)",
        "support that fits your life",
    ),
    HardWord(r"utili[sz](?:e|es|ed|ing|ation)", "use"),
    HardWord(r"facilitat(?:e|es|ed|ing|ion)", "help"),
    HardWord(r"facilitators?", "the person who runs the meeting", "warning"),
    HardWord(r"implement(?:s|ed|ing|ation)?", "do"),
    HardWord(r"consultations?", "asking people what they think"),
    HardWord(r"participatory budgeting", "people deciding together how money is spent"),
    HardWord(r"approximately|approx\.?", "about"),
    HardWord(r"commenc(?:e|es|ed|ing|ement)", "start"),
    HardWord(r"subsequently", "later"),
    # Officialese and social-care words that often creep in.
    HardWord(r"in order to", "to"),
    HardWord(r"prior to", "before"),
    HardWord(r"regarding", "about"),
    HardWord(r"obtain(?:s|ed|ing)?", "get"),
    HardWord(r"requir(?:e|es|ed|ing)", "need"),
    HardWord(r"sufficient", "enough"),
    HardWord(r"assist(?:s|ed|ing|ance)?", "help"),
    HardWord(r"purchas(?:e|es|ed|ing)", "buy"),
    HardWord(r"ensur(?:e|es|ed|ing)", "make sure"),
    HardWord(r"additional", "more", "warning"),
    HardWord(r"individuals?", "person, people", "warning"),
    HardWord(r"strateg(?:y|ies|ic)", "plan"),
    HardWord(r"local authorit(?:y|ies)", "the council"),
    HardWord(r"statutory", "what the law says"),
    HardWord(r"safeguarding", "keeping people safe"),
    HardWord(r"signpost(?:s|ed|ing)", "tell you where to get help"),
    HardWord(r"holistic", "about all of your life"),
    HardWord(r"person-centred|person-centered", "about you and what matters to you"),
    HardWord(r"multi-?disciplinary", "a team of different workers"),
    HardWord(r"care packages?", "your support"),
    HardWord(r"cohorts?", "group"),
    HardWord(r"demographics?", "who people are"),
    HardWord(r"mitigat(?:e|es|ed|ing|ion)", "make less bad"),
    HardWord(r"optimi[sz](?:e|es|ed|ing|ation)", "make better"),
    HardWord(r"leverag(?:e|es|ed|ing)", "use"),
    HardWord(r"engagement", "talking with people", "warning"),
)


def _word_list(text: str) -> list[str]:
    return text.split()


def _word_set(text: str) -> frozenset[str]:
    return frozenset(_word_list(text))


# For the passive-voice hint (ER8): past participles that do not end in -ed...
IRREGULAR_PARTICIPLES = _word_set(
    """done made given taken seen known shown written told paid found held kept
    left brought bought sent spent built chosen broken spoken heard put set cut
    run won lost meant sold understood thought taught caught forgotten hidden
    driven eaten fed led met read shut hurt begun drawn grown thrown worn stolen
    frozen"""
)
# ...and words in -ed that say how someone or something is ("I am tired",
# "we are based in"), not what was done to them.
ADJECTIVES_IN_ED = _word_set(
    """tired worried interested pleased excited bored scared frightened married
    retired closed based called named supposed allowed disabled isolated skilled
    limited bed red shed hundred involved qualified prepared used concerned
    confused ashamed"""
)

# Number words (ER6), in order, so a word's place is its value.
NUMBER_WORDS: tuple[str, ...] = tuple(
    _word_list(
        """zero one two three four five six seven eight nine ten eleven twelve
        thirteen fourteen fifteen sixteen seventeen eighteen nineteen"""
    )
)
TENS: dict[str, int] = {
    word: 20 + 10 * i
    for i, word in enumerate(
        _word_list("twenty thirty forty fifty sixty seventy eighty ninety")
    )
}
