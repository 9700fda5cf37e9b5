"""Weighted scorecards and ranking.

A judge's total for a nomination is the weighted mean of their criterion scores, each scaled to
100: Σ(score / max × 100 × weight) / Σ weight. Only judges who scored every criterion and are not
recused count. A nomination's total is the mean of those judges' totals, kept to two decimals
(half up). Ranking: higher total first; equal totals (to two decimals) share a rank and the next
rank skips (1, 2, 2, 4); within a tie the order shown is by surname stroke order (姓氏笔画).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy

from gonghui.core.text.strokes import stroke_key

TWO = Decimal("0.01")
TIE_RULE = gettext_lazy(
    "总分保留两位小数，总分相同者并列同一名次（下一名次顺延），并列者按姓氏笔画排列"
)


def judge_total(scores, criteria):
    """``scores``: {criterion_id: Decimal}; ``criteria``: list of Criterion. None if incomplete."""
    if not criteria or any(c.id not in scores for c in criteria):
        return None
    weight_sum = sum(Decimal(c.weight) for c in criteria)
    weighted = sum(
        Decimal(scores[c.id]) / Decimal(c.max_score) * 100 * Decimal(c.weight) for c in criteria
    )
    return weighted / weight_sum


def nomination_total(judge_totals):
    values = [t for t in judge_totals if t is not None]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(TWO, rounding=ROUND_HALF_UP)


def rank(rows):
    """``rows``: list of (key_name, total or None, payload). Returns list of dicts with ``rank``
    (None for unscored), sorted best first."""
    scored = sorted((r for r in rows if r[1] is not None), key=lambda r: (-r[1], stroke_key(r[0])))
    unscored = sorted((r for r in rows if r[1] is None), key=lambda r: stroke_key(r[0]))
    result = []
    previous, previous_rank = None, 0
    for position, (name, total, payload) in enumerate(scored, start=1):
        current_rank = previous_rank if total == previous else position
        result.append({"name": name, "total": total, "rank": current_rank, "item": payload})
        previous, previous_rank = total, current_rank
    result += [{"name": n, "total": None, "rank": None, "item": p} for n, _t, p in unscored]
    return result
