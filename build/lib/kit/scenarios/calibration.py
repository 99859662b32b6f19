"""Which estimates the value model draws: as the workshop gave them, or as measured.

``calibration="measured"`` (a parameter of workbook 03) values the next round with what the
last one taught: the open opportunities' 90% intervals shifted and widened by how their
sponsors' earlier estimates landed (:func:`kit.benefits.recalibrated_workshop`, from the
``actuals`` table).
"""

from __future__ import annotations

from ..errors import InputError
from ..settings import did_you_mean
from ..workshop import Workshop

__all__ = ["CALIBRATIONS", "with_calibration"]

#: What ``calibration`` may be.
CALIBRATIONS: tuple[str, ...] = ("as estimated", "measured")


def with_calibration(workshop: Workshop, calibration: str = "as estimated", *, by: str = "sponsor") -> Workshop:
    """The workshop whose estimates the simulation should draw.

    Parameters
    ----------
    workshop : Workshop
    calibration : {"as estimated", "measured"}
        ``as estimated``: the workshop as it is. ``measured``: the benefit estimates of every
        opportunity without actuals recalibrated by the track record of its sponsor (or
        business unit, ``by``); a workshop without actuals is returned as it is.
    by : {"sponsor", "business_unit"}

    Returns
    -------
    Workshop
        Nothing is written: recalibrated estimates live in the returned object only.

    Raises
    ------
    InputError
        For a calibration other than the two above, naming them.
    """
    choice = str(calibration).strip().lower()
    if choice == "as estimated":
        return workshop
    if choice == "measured":
        from ..benefits import recalibrated_workshop

        return recalibrated_workshop(workshop, by=by)
    raise InputError.single("unknown calibration", column="calibration", value=calibration,
                            hint=did_you_mean(str(calibration), CALIBRATIONS))
