"""Pure arithmetic of the module: rubric totals, title similarity, reward bands. No database."""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, pgettext

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
YUAN = Decimal("1")

_WORD = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")
# Words that say nothing about the subject of a title.
STOP_FRAGMENTS = frozenset(
    {"关于", "建议", "提高", "改进", "一种", "问题", "改善", "优化"}
)  # i18n: data


def rubric_total(scores):
    """Weighted total on a 0-100 scale from ``[(weight, max_score, score), ...]``.

    Each score is taken as a share of its criterion's maximum, weighted, and divided by the sum of
    weights: Σ wᵢ·sᵢ/mᵢ ÷ Σ wᵢ × 100, rounded half up to 0.01.
    """
    scores = list(scores)
    if not scores:
        return None
    weights = sum((Decimal(w) for w, _, _ in scores), Decimal(0))
    if weights <= 0:
        raise ValueError("weights must add up to more than zero")
    weighted = sum((Decimal(w) * Decimal(s) / Decimal(m) for w, m, s in scores), Decimal(0))
    return (weighted / weights * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def average(values):
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def fragments(text):
    """The 2-character fragments of the Chinese runs of ``text`` plus its Latin/number words."""
    result = set()
    for word in _WORD.findall(text or ""):
        if word.isascii():
            if len(word) >= 2:
                result.add(word.lower())
            continue
        if len(word) == 1:
            result.add(word)
        result.update(word[i : i + 2] for i in range(len(word) - 1))
    return result - STOP_FRAGMENTS


def similarity(a, b):
    """Overlap of two titles' fragments (Jaccard index, 0-1, rounded to 0.01)."""
    fa, fb = fragments(a), fragments(b)
    if not fa or not fb:
        return Decimal(0)
    return (Decimal(len(fa & fb)) / Decimal(len(fa | fb))).quantize(CENT, rounding=ROUND_HALF_UP)


def most_similar(title, candidates, *, min_score, limit):
    """``candidates`` are ``(key, title)``; the best ``limit`` at or above ``min_score``,
    best first (ties: the later key first, i.e. the newer proposal)."""
    scored = [(similarity(title, other), key, other) for key, other in candidates]
    scored = [row for row in scored if row[0] >= Decimal(str(min_score)) and row[0] > 0]
    scored.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return scored[:limit]


@dataclass(frozen=True)
class Band:
    min_benefit: Decimal
    reward_min: Decimal
    reward_max: Decimal
    label: str = ""
    upper: Decimal | None = None  # the next band's lower bound (exclusive), None for the top band

    def describe(self):
        upper = (
            gettext(" 且 < ¥{upper:,.0f}").format(upper=self.upper)
            if self.upper is not None
            else ""
        )
        name = pgettext("band label", "{label}：").format(label=self.label) if self.label else ""
        return gettext(
            "{name}年效益 ≥ ¥{min_benefit:,.0f}{upper} → 奖励 ¥{reward_min:,.0f}–{reward_max:,.0f}"
        ).format(
            name=name,
            min_benefit=self.min_benefit,
            upper=upper,
            reward_min=self.reward_min,
            reward_max=self.reward_max,
        )


def band_for(benefit, bands):
    """The band whose range holds ``benefit``. ``bands`` are ``(min_benefit, reward_min,
    reward_max, label)`` in any order; ``None`` when the benefit is below every band."""
    rows = sorted(bands, key=lambda row: Decimal(row[0]))
    benefit = Decimal(benefit)
    found = None
    for i, (low, rmin, rmax, label) in enumerate(rows):
        if benefit >= Decimal(low):
            upper = Decimal(rows[i + 1][0]) if i + 1 < len(rows) else None
            found = Band(Decimal(low), Decimal(rmin), Decimal(rmax), label, upper)
    return found


def suggested_reward(benefit, band):
    """Linear within the band by where the benefit lies between its bounds; the top band (no
    upper bound) suggests its midpoint. Rounded half up to whole yuan."""
    span = band.reward_max - band.reward_min
    if band.upper is None:
        share = Decimal("0.5")
    else:
        share = (Decimal(benefit) - band.min_benefit) / (band.upper - band.min_benefit)
    return (band.reward_min + span * share).quantize(YUAN, rounding=ROUND_HALF_UP)
