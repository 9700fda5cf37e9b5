"""Pure ranking arithmetic: normalised indicator scores, weighted totals, and ranks by an ordered
list of metrics with a declared tie rule. No database."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Ranked:
    rank: int
    key: object
    values: tuple


def _sort_key(values, directions):
    """Best first: a missing value is worst; 'higher' metrics descend, 'lower' ascend."""
    parts = []
    for value, direction in zip(values, directions, strict=True):
        if value is None:
            parts.append((1, Decimal(0)))
        else:
            parts.append((0, -Decimal(value) if direction == "higher" else Decimal(value)))
    return tuple(parts)


def rank(rows, directions, style="competition"):
    """Rank ``rows`` — ``(key, (metric values in order))`` — by the metrics in order.

    ``directions`` names each metric 'higher' or 'lower' (better). Rows equal on every metric
    share a rank; with ``style="competition"`` the next rank skips (1, 2, 2, 4), with ``"dense"``
    it does not (1, 2, 2, 3). Rows that are fully tied keep their input order.
    """
    if style not in ("competition", "dense"):
        raise ValueError(f"unknown rank style {style!r}")
    ordered = sorted(rows, key=lambda row: _sort_key(row[1], directions))
    result = []
    previous = None
    current_rank = 0
    for position, (key, values) in enumerate(ordered, start=1):
        sort_key = _sort_key(values, directions)
        if sort_key != previous:
            current_rank = position if style == "competition" else current_rank + 1
            previous = sort_key
        result.append(Ranked(current_rank, key, tuple(values)))
    return result


def normalise(values, direction):
    """Map raw indicator values (``{key: Decimal or None}``) to 0-100 points across the field:
    the best gets 100, the worst 0, linear between; all equal → 100; missing → 0."""
    present = [Decimal(v) for v in values.values() if v is not None]
    if not present:
        return {key: Decimal(0) for key in values}
    low, high = min(present), max(present)
    points = {}
    for key, value in values.items():
        if value is None:
            points[key] = Decimal(0)
        elif high == low:
            points[key] = HUNDRED
        elif direction == "higher":
            points[key] = (Decimal(value) - low) / (high - low) * HUNDRED
        else:
            points[key] = (high - Decimal(value)) / (high - low) * HUNDRED
    return points


def weighted_total(points_by_indicator, weights, places=2):
    """Σ weightᵢ·pointsᵢ ÷ Σ weightᵢ, rounded half up to ``places`` decimals (the rounding is a
    setting because it decides ties)."""
    total_weight = sum((Decimal(w) for w in weights.values()), Decimal(0))
    if total_weight <= 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-places))
    total = sum((Decimal(weights[i]) * p for i, p in points_by_indicator.items()), Decimal(0))
    return (total / total_weight).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def aggregate(values, how):
    """Combine one team's period figures (in period order) for an indicator."""
    values = [Decimal(v) for v in values]
    if not values:
        return None
    if how == "avg":
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"))
    if how == "latest":
        return values[-1]
    return sum(values, Decimal(0))


def trimmed_mean(scores, *, drop_extremes_from, places=2):
    """A contestant's result: the mean of the judges' scores; with at least
    ``drop_extremes_from`` judges the single highest and lowest are dropped first."""
    scores = sorted(Decimal(s) for s in scores)
    if not scores:
        return None
    if drop_extremes_from and len(scores) >= drop_extremes_from and len(scores) > 2:
        scores = scores[1:-1]
    mean = sum(scores, Decimal(0)) / len(scores)
    return mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def judge_total(scores, criteria, scale):
    """One judge's total for one contestant in one round, on the event's ``scale``:
    Σ (scoreᵢ ÷ maxᵢ × weightᵢ) ÷ Σ weightᵢ × scale. ``scores`` maps criterion ids to values;
    ``criteria`` is ``[(id, weight, max_score)]``. ``None`` unless every criterion is scored."""
    if not criteria or any(cid not in scores for cid, _w, _m in criteria):
        return None
    weights = sum((Decimal(w) for _c, w, _m in criteria), Decimal(0))
    part = sum(
        (Decimal(scores[cid]) / Decimal(top) * Decimal(w) for cid, w, top in criteria), Decimal(0)
    )
    return part / weights * Decimal(scale)


def combine(totals, rule, *, drop_extremes_from=3, places=2):
    """The round result of one contestant from the judges' totals, by the contest's rule:

    - ``mean``: the mean of all totals;
    - ``trimmed``: with at least ``drop_extremes_from`` (and at least 3) judges the single
      highest and lowest totals are dropped, then the mean (fewer judges: the plain mean);
    - ``median``: the middle total (the mean of the two middle ones for an even count).

    Rounded half up to ``places``; ``None`` when no judge has a total."""
    values = sorted(Decimal(t) for t in totals)
    if not values:
        return None
    if rule == "median":
        mid = len(values) // 2
        result = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    else:
        if rule == "trimmed" and len(values) >= max(3, drop_extremes_from or 3):
            values = values[1:-1]
        elif rule not in ("trimmed", "mean"):
            raise ValueError(f"unknown score rule {rule!r}")
        result = sum(values, Decimal(0)) / len(values)
    return result.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def advancing(ranked, count):
    """Keys that advance: rank within ``count``; a tie at the cut advances together."""
    if count is None:
        return set()
    return {r.key for r in ranked if r.rank <= count and r.values[0] is not None}
