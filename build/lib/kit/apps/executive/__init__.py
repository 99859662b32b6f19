"""The executive's controls: the budget slider of workbook 04, and the dashboard of workbook 05.

==================  ===============================================================
``slider``          :class:`BudgetSlider`: drag the budget, the portfolio is re-solved and redrawn
``board``           :class:`Dashboard`: the executive summary as one screen, slider and switch
                    moving between points solved exactly in advance
``points``          :class:`Points`: every scenario's exact points on one budget grid, drawn
``views``           the dashboard's pieces as HTML, and the whole of it as a static page
``panels``          the chart panels, drawn once and refilled in place as points change
==================  ===============================================================
"""

from .board import Dashboard, ExecutiveControls, dashboard
from .points import Points
from .slider import BudgetSlider, budget_slider, portfolio_slider

__all__ = ["BudgetSlider", "Dashboard", "ExecutiveControls", "Points", "budget_slider", "dashboard",
           "portfolio_slider"]
