"""Charts of the maturity step (workbook 00): levels against targets, IT vs business, spread."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import AREA_COLOURS

__all__ = ["DIMENSION_COLOURS", "VIEW_COLOURS", "gap_bars", "level_dots", "perception_dumbbell",
           "spread_strip", "weakest_bars"]

#: Colour per dimension (by display name): the five capability areas keep their colours.
DIMENSION_COLOURS: dict[str, str] = {**AREA_COLOURS, "Value management": "#72b7b2",
                                     "Business partnership": "#9d755d"}
_SPARE = ["#eeca3b", "#bab0ac", "#ff9da6", "#79706e"]

#: Colour per view of a level.
VIEW_COLOURS: dict[str, str] = {"Everyone": "#222222", "IT": "#1f5f8b", "Business": "#f58518",
                                "Target": "#c62828"}
_SHAPES = {"Everyone": "circle", "IT": "circle", "Business": "circle", "Target": "diamond"}
_LEVEL_AXIS = alt.Axis(values=[1, 2, 3, 4, 5], tickMinStep=1)
_LEVEL_SCALE = alt.Scale(domain=[1, 5], nice=False)
_NAME_AXIS = alt.Axis(labelLimit=300)


def _dimension_scale(names: list[str]) -> alt.Scale:
    spare = iter(_SPARE * 4)
    return alt.Scale(domain=names, range=[DIMENSION_COLOURS.get(n) or next(spare) for n in names])


def _order(frame: pd.DataFrame, column: str = "name") -> list[str]:
    return list(dict.fromkeys(frame[column]))


def level_dots(views: pd.DataFrame) -> alt.LayerChart:
    """Dot plot of each dimension's level for everyone, IT, business and its target.

    ``views`` is :func:`kit.maturity.level_views`. A grey bar spans the lowest to the highest
    respondent; the red diamond is the target.
    """
    order = _order(views)
    views_present = [v for v in VIEW_COLOURS if v in set(views["view"])]
    y = alt.Y("name:N", title=None, sort=order, axis=_NAME_AXIS)
    spread = alt.Chart(views).transform_filter(alt.datum.view == "Everyone").mark_rule(
        color="#c8c8c8", strokeWidth=10, strokeCap="round").encode(
        x=alt.X("low:Q", title="Level (1 reactive … 5 value-creating)", scale=_LEVEL_SCALE, axis=_LEVEL_AXIS),
        x2="high:Q", y=y,
        tooltip=[alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("low:Q", format=".1f", title="Lowest"),
                 alt.Tooltip("high:Q", format=".1f", title="Highest")])
    dots = alt.Chart(views).mark_point(filled=True, opacity=0.95).encode(
        x=alt.X("level:Q", scale=_LEVEL_SCALE, axis=_LEVEL_AXIS),
        y=y,
        color=alt.Color("view:N", title=None, sort=views_present,
                        scale=alt.Scale(domain=views_present, range=[VIEW_COLOURS[v] for v in views_present])),
        shape=alt.Shape("view:N", title=None, sort=views_present,
                        scale=alt.Scale(domain=views_present, range=[_SHAPES[v] for v in views_present])),
        size=alt.condition(alt.datum.view == "Everyone", alt.value(170), alt.value(90)),
        tooltip=[alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("view:N", title="View"),
                 alt.Tooltip("level:Q", format=".2f", title="Level")])
    return (spread + dots).properties(
        title=alt.Title("Where IT stands", subtitle="Level per dimension against its target; "
                        "grey: the range of respondents"),
        width=460, height=alt.Step(34))


def perception_dumbbell(views: pd.DataFrame) -> alt.LayerChart:
    """How IT rates itself against how the business rates IT, per dimension.

    ``views`` is :func:`kit.maturity.level_views`; only its ``IT`` and ``Business`` rows are used.
    """
    order = _order(views)
    data = views[views["view"].isin(["IT", "Business"])]
    y = alt.Y("name:N", title=None, sort=order, axis=_NAME_AXIS)
    x = alt.X("level:Q", title="Level (1 reactive … 5 value-creating)", scale=_LEVEL_SCALE, axis=_LEVEL_AXIS)
    line = alt.Chart(data).mark_line(color="#bbbbbb", strokeWidth=3).encode(x=x, y=y, detail="name:N")
    dots = alt.Chart(data).mark_circle(size=130, opacity=1).encode(
        x=x, y=y,
        color=alt.Color("view:N", title=None, sort=["IT", "Business"],
                        scale=alt.Scale(domain=["IT", "Business"], range=[VIEW_COLOURS["IT"], VIEW_COLOURS["Business"]])),
        tooltip=[alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("view:N", title="Rated by"),
                 alt.Tooltip("level:Q", format=".2f", title="Level")])
    return (line + dots).properties(
        title=alt.Title("IT's view and the business's view", subtitle="The longer the line, the larger the gap"),
        width=460, height=alt.Step(34))


def spread_strip(respondents: pd.DataFrame) -> alt.Chart:
    """Each respondent's level per dimension, coloured by role: how much people agree.

    ``respondents`` is :func:`kit.maturity.respondent_levels`. Names are left out on purpose:
    the chart shows agreement, not who said what.
    """
    order = _order(respondents)
    data = respondents.assign(role_name=respondents["role_name"].replace("", "(no role)"))
    roles = [r for r in ("IT", "Business", "(no role)") if r in set(data["role_name"])]
    palette = {"IT": VIEW_COLOURS["IT"], "Business": VIEW_COLOURS["Business"], "(no role)": "#999999"}
    return alt.Chart(data).mark_circle(size=70, opacity=0.7).encode(
        x=alt.X("level:Q", title="Respondent's level", scale=_LEVEL_SCALE, axis=_LEVEL_AXIS),
        y=alt.Y("name:N", title=None, sort=order, axis=_NAME_AXIS),
        yOffset=alt.YOffset("role_name:N", sort=roles),
        color=alt.Color("role_name:N", title="Role", sort=roles,
                        scale=alt.Scale(domain=roles, range=[palette[r] for r in roles])),
        tooltip=[alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("role_name:N", title="Role"),
                 alt.Tooltip("level:Q", format=".2f", title="Level"),
                 alt.Tooltip("answered:Q", title="Statements answered")],
    ).properties(title=alt.Title("How much people agree", subtitle="One dot per respondent and dimension"),
                 width=460, height=alt.Step(32))


def weakest_bars(weakest: pd.DataFrame) -> alt.LayerChart:
    """The weakest statements as bars, with their dimension's target as a tick.

    ``weakest`` is :func:`kit.maturity.weakest_statements`.
    """
    data = weakest.assign(label=weakest["statement"] + "  " + weakest["text"].str.slice(0, 60)
                          + weakest["text"].map(lambda t: "…" if len(t) > 60 else ""))
    order = data["label"].tolist()
    names = _order(data)
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=460))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("level_mean:Q", title="Level (mean)", scale=alt.Scale(domain=[0, 5], nice=False),
                axis=_LEVEL_AXIS),
        y=y,
        color=alt.Color("name:N", title="Dimension", scale=_dimension_scale(names)),
        tooltip=[alt.Tooltip("statement:N", title="Statement"), alt.Tooltip("text:N", title="Text"),
                 alt.Tooltip("level_mean:Q", format=".2f", title="Level"),
                 alt.Tooltip("it_level:Q", format=".2f", title="IT"),
                 alt.Tooltip("business_level:Q", format=".2f", title="Business"),
                 alt.Tooltip("target:Q", format=".1f", title="Target")])
    target = alt.Chart(data).mark_tick(color=VIEW_COLOURS["Target"], thickness=3, size=18).encode(
        x="target:Q", y=y)
    return (bars + target).properties(
        title=alt.Title("The statements pulling the score down", subtitle="Red tick: the dimension's target"),
        width=360, height=alt.Step(24))


def gap_bars(assessment: pd.DataFrame) -> alt.Chart:
    """Gap to target per dimension (target minus level), largest first.

    ``assessment`` is :func:`kit.maturity.assess`; dimensions without a target are left out.
    """
    data = assessment[assessment["gap"].notna()]
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("gap:Q", title="Levels short of target"),
        y=alt.Y("name:N", title=None, sort="-x"),
        color=alt.condition(alt.datum.gap > 0, alt.value("#c62828"), alt.value("#2e7d32")),
        tooltip=[alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("level_mean:Q", format=".2f", title="Level"),
                 alt.Tooltip("target:Q", format=".1f", title="Target"), alt.Tooltip("gap:Q", format=".2f", title="Gap")],
    ).properties(title="Gap to target", width=360, height=alt.Step(28))
