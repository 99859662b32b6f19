"""Generate the demo workshop "Nordhavn Freight & Logistics" in datasets/demo/.

Deterministic: the opportunity list and the benefit estimates are written by hand below;
participants' scores and pairwise goal comparisons are drawn from a seeded generator around
hidden "true" levels. Run from the repository root:

    .venv/bin/python datasets/make_demo.py

It writes opportunities.csv, estimates.csv, scores.csv and pairwise.csv, then reads them back
and prints sanity checks; then maturity.csv, and the benefits tables actuals.csv and
goal_rates.csv (``make_demo.py benefits`` writes only those two). workshop.yml and README.md
in datasets/demo/ are written by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 2027
OUT = Path(__file__).resolve().parent / "demo"

GOALS = ["productivity", "new_products", "market_share", "customer_satisfaction", "sales"]
CRITERIA = ["value", "fit", "urgency", "feasibility", "risk"]  # risk: lower is better
AREAS = {
    "CVRM": "Customer & vendor relationship management",
    "PO": "Process optimisation",
    "PPM": "Project portfolio management",
    "GOV": "Governance",
    "BI": "Business intelligence & analytics",
}

# Participants of the workshop: name -> (role, it_side)
PARTICIPANTS = {
    "Ingrid Dahl": ("COO", False),
    "Tomas Berg": ("CIO", True),
    "Aisha Karim": ("CFO", False),
    "Lars Mikkelsen": ("Head of Road Freight", False),
    "Sofia Nieminen": ("Head of Data & Analytics", True),
    "Jonas Eklund": ("Head of Warehousing", False),
    "Marta Costa": ("IT Delivery Lead", True),
}

# Sponsors (name, title); several are also workshop participants.
S = {
    "coo": "Ingrid Dahl, COO",
    "cio": "Tomas Berg, CIO",
    "cfo": "Aisha Karim, CFO",
    "road": "Lars Mikkelsen, Head of Road Freight",
    "wh": "Jonas Eklund, Head of Warehousing",
    "cco": "Elena Vidal, Chief Commercial Officer",
    "cs": "Pieter Janssen, Head of Customer Service",
    "ciso": "Henrik Vos, CISO",
    "hr": "Elin Strand, CHRO",
    "oa": "Rui Almeida, Head of Ocean & Air",
    "data": "Sofia Nieminen, Head of Data & Analytics",
}

# ---------------------------------------------------------------------------------------------
# Opportunities, by hand.
# align: (productivity, new_products, market_share, customer_satisfaction, sales), 0-4
# truth: hidden group level per criterion (value, fit, urgency, feasibility, risk), 1-10
# cost: 90% interval of one-off cost (EUR); run: yearly run cost interval (EUR)
# ---------------------------------------------------------------------------------------------
OPPS = [
    # --- Customer & vendor relationship management --------------------------------------
    dict(title="Customer shipment tracking portal", area="CVRM", team="apps", bu="Sales",
         sponsor="cco", cost=(220_000, 480_000), effort=20, run=(30_000, 60_000),
         align=(1, 0, 3, 4, 2), tc=7, rr=3, truth=(8, 8, 7, 7, 4),
         description="Give shippers a self-service web portal with live shipment status, "
                     "documents and delivery photos instead of phoning customer service."),
    dict(title="EDI onboarding hub for subcontracted carriers", area="CVRM", team="integration",
         bu="Road Freight", sponsor="road", cost=(160_000, 380_000), effort=16,
         run=(20_000, 45_000), align=(4, 0, 1, 2, 0), tc=6, rr=4, truth=(8, 7, 6, 7, 4),
         description="Connect the 120 most used subcontracted carriers through standard EDI "
                     "messages so orders and status updates stop arriving by e-mail."),
    dict(title="CRM consolidation (three CRMs into one)", area="CVRM", team="apps", bu="Sales",
         sponsor="cco", cost=(600_000, 1_300_000), effort=42, run=(90_000, 150_000),
         align=(2, 0, 3, 1, 3), tc=5, rr=4, truth=(7, 8, 5, 5, 6),
         description="Replace the three CRMs inherited from acquisitions with one platform "
                     "and one customer master across Road Freight, Warehousing and Ocean & Air."),
    dict(title="Haulier and vendor self-service portal", area="CVRM", team="integration",
         bu="Finance", sponsor="cfo", cost=(140_000, 360_000), effort=14,
         run=(15_000, 35_000), align=(3, 0, 0, 1, 0), tc=4, rr=2, truth=(6, 6, 4, 7, 4),
         description="Let hauliers and suppliers check purchase orders, invoices and payment "
                     "status themselves and upload insurance and licence documents."),
    dict(title="Instant online quote and booking", area="CVRM", team="apps", bu="Sales",
         sponsor="cco", cost=(280_000, 650_000), effort=24, run=(40_000, 80_000),
         align=(1, 1, 3, 2, 4), tc=6, rr=2, truth=(7, 7, 6, 5, 6),
         description="Offer small and mid-size shippers an online price and booking for "
                     "part loads in under a minute, priced from the tariff engine."),
    dict(title="Post-delivery customer feedback loop (NPS)", area="CVRM", team="apps",
         bu="Sales", sponsor="cs", cost=(40_000, 95_000), effort=3, run=(5_000, 12_000),
         align=(0, 0, 1, 3, 0), tc=5, rr=1, truth=(7, 7, 6, 9, 2),
         description="Send a two-question survey after each delivery and route detractors "
                     "to the account manager within one working day."),
    dict(title="Shipper booking and status API", area="CVRM", team="integration", bu="Sales",
         sponsor="cco", cost=(180_000, 420_000), effort=14, run=(20_000, 40_000),
         align=(1, 2, 3, 1, 2), tc=5, rr=2, truth=(7, 7, 5, 6, 5),
         description="Publish a documented REST API so large shippers and e-commerce platforms "
                     "can book transport and receive status events from their own systems."),
    dict(title="AI chatbot for customer service", area="CVRM", team="apps", bu="Sales",
         sponsor="cs", cost=(90_000, 260_000), effort=10, run=(30_000, 70_000),
         align=(1, 0, 0, 2, 0), tc=3, rr=1, truth=(5, 4, 3, 5, 7),
         description="Answer routine customer questions about bookings and delivery times "
                     "with a generative AI chatbot on the website and by e-mail."),
    dict(title="Blockchain bill-of-lading pilot", area="CVRM", team="integration",
         bu="Ocean & Air", sponsor="oa", cost=(120_000, 340_000), effort=12,
         run=(10_000, 30_000), align=(0, 0, 0, 0, 0), tc=2, rr=1, truth=(3, 2, 2, 3, 8),
         description="Trial an electronic bill of lading on a shipping-line consortium "
                     "blockchain for two trade lanes out of Gothenburg."),
    # --- Process optimisation ------------------------------------------------------------
    dict(title="TMS modernisation", area="PO", team="platform", bu="Road Freight",
         sponsor="coo", cost=(900_000, 1_800_000), effort=60, run=(120_000, 220_000),
         align=(4, 0, 2, 3, 1), tc=6, rr=7, truth=(9, 8, 7, 4, 8),
         description="Replace the 20-year-old in-house transport management system, whose "
                     "vendor support ends in 2029, with a cloud TMS."),
    dict(title="Dynamic route optimisation", area="PO", team="data", bu="Road Freight",
         sponsor="road", cost=(220_000, 560_000), effort=18, run=(40_000, 80_000),
         align=(4, 0, 1, 2, 0), tc=6, rr=2, truth=(8, 8, 6, 6, 5),
         description="Plan and re-plan daily routes with live traffic, time windows and "
                     "vehicle constraints to cut empty and detour kilometres."),
    dict(title="Driver app with digital proof of delivery", area="PO", team="apps",
         bu="Road Freight", sponsor="road", cost=(110_000, 280_000), effort=12,
         run=(25_000, 50_000), align=(3, 0, 0, 3, 0), tc=7, rr=3, truth=(8, 8, 7, 8, 3),
         description="Give drivers one mobile app for jobs, photos, signatures and damage "
                     "reports so paper delivery notes no longer travel back to the office."),
    dict(title="Dock scheduling and yard management", area="PO", team="apps", bu="Warehousing",
         sponsor="wh", cost=(70_000, 180_000), effort=7, run=(12_000, 24_000),
         align=(4, 0, 0, 2, 0), tc=7, rr=2, truth=(8, 7, 7, 8, 2),
         description="Let carriers book dock time slots online and show the yard status live, "
                     "ending queues of trucks at the three main warehouses."),
    dict(title="Warehouse IoT: temperature and pallet tracking", area="PO", team="platform",
         bu="Warehousing", sponsor="wh", cost=(320_000, 850_000), effort=26,
         run=(50_000, 110_000), align=(2, 2, 1, 2, 0), tc=4, rr=4, truth=(6, 6, 5, 5, 5),
         description="Fit sensors and tags to monitor cold-chain temperatures and locate "
                     "pallets in real time, and sell the monitoring to pharma customers."),
    dict(title="e-CMR digital consignment notes", area="PO", team="integration",
         bu="Road Freight", sponsor="coo", cost=(130_000, 300_000), effort=12,
         run=(10_000, 25_000), align=(3, 0, 0, 2, 0), tc=9, rr=5, truth=(7, 7, 8, 7, 4),
         description="Issue and sign consignment notes electronically under the e-CMR protocol "
                     "ahead of the EU eFTI rules for electronic freight information."),
    dict(title="RPA for freight invoice audit", area="PO", team="apps", bu="Finance",
         sponsor="cfo", cost=(50_000, 140_000), effort=5, run=(15_000, 30_000),
         align=(4, 0, 0, 0, 0), tc=5, rr=2, truth=(7, 6, 6, 8, 3),
         description="Use software robots to match carrier invoices against orders and "
                     "tariffs and flag overbilling for accounts payable."),
    dict(title="Automated customs declarations", area="PO", team="integration",
         bu="Ocean & Air", sponsor="oa", cost=(150_000, 400_000), effort=14,
         run=(20_000, 40_000), align=(3, 0, 1, 2, 0), tc=6, rr=5, truth=(7, 6, 6, 6, 5),
         description="Generate import and export declarations from shipment data and file "
                     "them directly with customs, replacing re-keying by brokers."),
    dict(title="Drone-based inventory counting", area="PO", team="platform", bu="Warehousing",
         sponsor="wh", cost=(250_000, 700_000), effort=18, run=(40_000, 90_000),
         align=(2, 0, 0, 0, 0), tc=2, rr=1, truth=(4, 3, 2, 3, 8),
         description="Count high-bay pallet locations with autonomous indoor drones instead "
                     "of reach-truck cycle counts."),
    # --- Project portfolio management ----------------------------------------------------
    dict(title="IT portfolio office", area="PPM", team="platform", bu="IT", sponsor="cio",
         cost=(80_000, 200_000), effort=8, run=(40_000, 80_000),
         align=(3, 0, 0, 0, 0), tc=6, rr=4, truth=(7, 8, 6, 8, 3),
         description="Set up a small portfolio office that runs one intake, one priority list "
                     "and quarterly reviews with the business for all IT work."),
    dict(title="Portfolio management tool (SaaS)", area="PPM", team="apps", bu="IT",
         sponsor="cio", cost=(45_000, 120_000), effort=4, run=(20_000, 40_000),
         align=(2, 0, 0, 0, 0), tc=4, rr=2, truth=(6, 7, 5, 8, 3),
         description="Move project lists, budgets and status reports from spreadsheets into "
                     "a portfolio management SaaS."),
    dict(title="Benefits realisation tracking", area="PPM", team="data", bu="Finance",
         sponsor="cfo", cost=(40_000, 110_000), effort=4, run=(5_000, 15_000),
         align=(2, 0, 0, 0, 1), tc=4, rr=2, truth=(6, 7, 4, 7, 3),
         description="Track for every funded project whether the promised benefits arrive, "
                     "and report them to the executive board twice a year."),
    dict(title="IT demand and capacity planning", area="PPM", team="platform", bu="IT",
         sponsor="cio", cost=(60_000, 150_000), effort=5, run=(10_000, 20_000),
         align=(2, 0, 0, 1, 0), tc=3, rr=2, truth=(5, 6, 4, 7, 3),
         description="Plan IT team capacity by quarter against the approved portfolio to "
                     "stop over-committing people and hiring contractors at short notice."),
    # --- Governance ----------------------------------------------------------------------
    dict(title="E-invoicing mandate compliance", area="GOV", team="integration", bu="Finance",
         sponsor="cfo", cost=(160_000, 380_000), effort=16, run=(20_000, 40_000),
         align=(2, 0, 0, 1, 0), tc=10, rr=8, truth=(6, 7, 10, 7, 4), mandatory=True,
         description="Send and receive structured B2B e-invoices through Peppol to meet the "
                     "national e-invoicing mandate and the EU ViDA reporting rules."),
    dict(title="NIS2 cybersecurity programme", area="GOV", team="platform", bu="IT",
         sponsor="ciso", cost=(350_000, 800_000), effort=28, run=(80_000, 140_000),
         align=(0, 0, 1, 2, 0), tc=10, rr=10, truth=(6, 7, 10, 6, 5), mandatory=True,
         description="Close the gaps found in the NIS2 readiness audit: incident reporting, "
                     "supplier security, multi-factor access and tested backups."),
    dict(title="GDPR data retention and consent clean-up", area="GOV", team="data", bu="HR",
         sponsor="hr", cost=(90_000, 240_000), effort=9, run=(5_000, 15_000),
         align=(1, 0, 0, 2, 0), tc=6, rr=8, truth=(5, 6, 6, 6, 4),
         description="Apply retention rules to driver, employee and customer contact data "
                     "and record consent in one place."),
    dict(title="Cloud cost governance (FinOps)", area="GOV", team="platform", bu="IT",
         sponsor="cio", cost=(45_000, 110_000), effort=4, run=(10_000, 25_000),
         align=(3, 0, 0, 0, 0), tc=6, rr=3, truth=(7, 7, 6, 9, 2),
         description="Tag, budget and rightsize cloud resources and show every business unit "
                     "its own monthly cloud bill."),
    dict(title="Enterprise architecture repository", area="GOV", team="platform", bu="IT",
         sponsor="cio", cost=(80_000, 220_000), effort=6, run=(25_000, 50_000),
         align=(0, 0, 0, 0, 0), tc=2, rr=3, truth=(6, 5, 4, 7, 3),
         description="Buy an enterprise architecture tool and document all applications, "
                     "interfaces and technology standards in it."),
    # --- Business intelligence & analytics -----------------------------------------------
    dict(title="Enterprise data platform", area="BI", team="data", bu="IT", sponsor="data",
         cost=(500_000, 1_200_000), effort=36, run=(90_000, 170_000),
         align=(2, 1, 1, 1, 1), tc=6, rr=3, truth=(8, 9, 6, 5, 6),
         description="Build a cloud lakehouse that brings TMS, WMS, telematics, finance and "
                     "CRM data together with shared definitions and access rules."),
    dict(title="Demand and volume forecasting", area="BI", team="data", bu="Road Freight",
         sponsor="coo", cost=(130_000, 330_000), effort=12, run=(20_000, 40_000),
         align=(3, 0, 1, 1, 2), tc=5, rr=2, truth=(8, 8, 5, 6, 5),
         description="Forecast weekly volumes per lane and warehouse so fleet, hired-in "
                     "capacity and warehouse staff can be planned two weeks ahead."),
    dict(title="Self-service BI for branch managers", area="BI", team="data",
         bu="Road Freight", sponsor="road", cost=(70_000, 190_000), effort=8,
         run=(30_000, 55_000), align=(3, 0, 0, 1, 1), tc=5, rr=1, truth=(7, 7, 5, 8, 3),
         description="Give the 18 branch managers governed dashboards for margin, on-time "
                     "delivery and utilisation instead of monthly spreadsheets."),
    dict(title="Customer profitability analytics", area="BI", team="data", bu="Finance",
         sponsor="cfo", cost=(110_000, 280_000), effort=10, run=(10_000, 25_000),
         align=(0, 0, 2, 0, 3), tc=4, rr=1, truth=(7, 7, 4, 6, 4),
         description="Calculate margin per customer, lane and service to find loss-making "
                     "accounts and steer pricing and sales effort."),
    dict(title="Carbon emissions reporting for shippers", area="BI", team="data", bu="Sales",
         sponsor="cco", cost=(140_000, 380_000), effort=12, run=(15_000, 35_000),
         align=(0, 4, 3, 2, 1), tc=6, rr=3, truth=(6, 7, 6, 6, 5),
         description="Calculate shipment-level CO2 emissions to ISO 14083 and offer shippers "
                     "Scope 3 reports and a low-emission service option."),
    dict(title="Predictive truck maintenance", area="BI", team="data", bu="Road Freight",
         sponsor="road", cost=(200_000, 520_000), effort=16, run=(30_000, 60_000),
         align=(3, 0, 0, 1, 0), tc=4, rr=4, truth=(7, 6, 4, 5, 5),
         description="Predict component failures from telematics and workshop history so "
                     "trucks are serviced before they break down on the road."),
    dict(title="Spot freight pricing analytics", area="BI", team="data", bu="Sales",
         sponsor="cco", cost=(160_000, 420_000), effort=14, run=(20_000, 45_000),
         align=(0, 0, 3, 0, 4), tc=5, rr=1, truth=(7, 7, 5, 6, 5),
         description="Recommend spot freight prices from market indices, lane history and "
                     "available capacity to win more profitable loads."),
    dict(title="Warehouse labour and occupancy analytics", area="BI", team="data",
         bu="Warehousing", sponsor="wh", cost=(60_000, 160_000), effort=6,
         run=(8_000, 18_000), align=(3, 0, 0, 0, 0), tc=4, rr=1, truth=(6, 6, 4, 8, 3),
         description="Combine WMS, time-clock and occupancy data to match shift sizes to "
                     "expected workload in each warehouse."),
    dict(title="Customer and address master data management", area="BI", team="data",
         bu="Sales", sponsor="data", cost=(150_000, 380_000), effort=14,
         run=(25_000, 50_000), align=(2, 0, 0, 2, 0), tc=4, rr=5, truth=(6, 7, 4, 6, 4),
         description="Clean and govern customer, site and delivery-address data with "
                     "validation at entry and one owner per data domain."),
    dict(title="Shipment ETA prediction", area="BI", team="data", bu="Sales", sponsor="cs",
         cost=(120_000, 300_000), effort=10, run=(15_000, 30_000),
         align=(1, 0, 1, 3, 0), tc=5, rr=1, truth=(7, 7, 5, 5, 5),
         description="Predict arrival times from GPS, traffic and historic stop durations "
                     "and push updated ETAs to customers and receiving warehouses."),
]

for _i, _o in enumerate(OPPS, start=1):
    _o["id"] = f"OPP-{_i:02d}"
ID = {o["title"]: o["id"] for o in OPPS}

# Dependencies, by title (no cycles): (opportunity, [prerequisites])
DEPENDS = {
    "Demand and volume forecasting": ["Enterprise data platform"],
    "Predictive truck maintenance": ["Enterprise data platform"],
    "Dynamic route optimisation": ["TMS modernisation"],
    "Benefits realisation tracking": ["IT portfolio office"],
    "Customer profitability analytics": [
        "Enterprise data platform", "CRM consolidation (three CRMs into one)"],
}

# Contested opportunities: title -> (camp for, camp against); the rest of the room is neutral.
CONTESTED = {
    "TMS modernisation": (["Ingrid Dahl", "Lars Mikkelsen", "Jonas Eklund"],
                          ["Tomas Berg", "Marta Costa", "Aisha Karim"]),
    "AI chatbot for customer service": (["Sofia Nieminen", "Aisha Karim"],
                                        ["Ingrid Dahl", "Jonas Eklund", "Marta Costa"]),
    "Carbon emissions reporting for shippers": (["Sofia Nieminen", "Ingrid Dahl", "Tomas Berg"],
                                                ["Lars Mikkelsen", "Jonas Eklund", "Aisha Karim"]),
    "Instant online quote and booking": (["Ingrid Dahl", "Sofia Nieminen", "Tomas Berg"],
                                         ["Lars Mikkelsen", "Aisha Karim", "Marta Costa"]),
}

# ---------------------------------------------------------------------------------------------
# Benefit estimates, by hand: title -> rows of
# (layer, driver, low, high, unit, unit_value, distribution, start_year, ramp_years)
# ---------------------------------------------------------------------------------------------
N, L = "normal", "lognormal"
CALLS = "Fewer 'where is my shipment' calls"
CHURN = "Churn reduction (accounts retained)"
ESTIMATES = {
    "Customer shipment tracking portal": [
        ("customer", CALLS, 18_000, 40_000, "calls", 4.5, N, 1, 1),
        ("customer", CHURN, 3, 10, "accounts", 25_000, N, 2, 1),
        ("growth", "New contract revenue margin from portal-led tenders", 20_000, 150_000,
         "EUR", 1, L, 2, 2),
    ],
    "EDI onboarding hub for subcontracted carriers": [
        ("productivity", "Hours saved on manual order entry", 4_000, 9_000, "hours", 38, N, 1, 1),
        ("financial", "Fewer billing disputes with carriers", 20_000, 60_000, "EUR", 1, N, 1, 1),
    ],
    "CRM consolidation (three CRMs into one)": [
        ("financial", "Licences of two retired CRMs", 110_000, 160_000, "EUR", 1, N, 2, 0),
        ("productivity", "Sales admin hours saved", 3_000, 7_000, "hours", 45, N, 2, 1),
        ("growth", "Cross-sell margin from a single customer view", 50_000, 400_000, "EUR", 1,
         L, 2, 2),
    ],
    "Haulier and vendor self-service portal": [
        ("productivity", "Payables queries handled by self-service", 5_000, 12_000, "queries", 9,
         N, 1, 1),
        ("productivity", "Hours saved by dispatchers on capacity requests", 1_000, 2_500,
         "hours", 40, N, 1, 1),
    ],
    "Instant online quote and booking": [
        ("growth", "Margin on new small-shipper bookings", 40_000, 400_000, "EUR", 1, L, 2, 2),
        ("productivity", "Quote desk hours saved", 2_500, 6_000, "hours", 42, N, 1, 1),
        ("customer", "Quotes no longer lost to slow response", 100, 400, "quotes", 300, N, 1, 1),
    ],
    "Post-delivery customer feedback loop (NPS)": [
        ("customer", CHURN, 1, 4, "accounts", 20_000, N, 1, 1),
        ("productivity", "Complaint handling hours saved", 300, 900, "hours", 35, N, 1, 0),
    ],
    "Shipper booking and status API": [
        ("growth", "New contract revenue margin from API-integrated shippers", 40_000, 300_000,
         "EUR", 1, L, 2, 1),
        ("productivity", "Booking entry hours saved", 1_500, 4_000, "hours", 38, N, 1, 1),
    ],
    "AI chatbot for customer service": [
        ("productivity", "Customer service contacts deflected", 4_000, 15_000, "contacts", 3.5,
         N, 1, 1),
        ("customer", CHURN, 1, 3, "accounts", 8_000, N, 2, 1),
    ],
    "Blockchain bill-of-lading pilot": [
        ("financial", "Paper document courier costs avoided", 5_000, 25_000, "EUR", 1, N, 2, 1),
    ],
    "TMS modernisation": [
        ("productivity", "Hours saved by dispatchers", 15_000, 30_000, "hours", 40, N, 2, 1),
        ("financial", "Legacy TMS maintenance contract retired", 180_000, 260_000, "EUR", 1, N,
         3, 0),
        ("customer", "Fewer failed deliveries", 2_000, 6_000, "deliveries", 60, N, 2, 1),
    ],
    "Dynamic route optimisation": [
        ("financial", "Fuel saved on empty and detour kilometres", 120_000, 320_000, "EUR", 1,
         N, 2, 1),
        ("productivity", "Planner hours saved", 2_000, 5_000, "hours", 40, N, 2, 1),
        ("customer", "Late deliveries avoided", 800, 2_500, "deliveries", 45, N, 2, 1),
    ],
    "Driver app with digital proof of delivery": [
        ("productivity", "Back-office hours saved on paper delivery notes", 2_500, 5_500,
         "hours", 35, N, 1, 1),
        ("customer", "Invoice disputes avoided with photo proof", 400, 1_200, "disputes", 80, N,
         1, 1),
        ("financial", "Shorter days sales outstanding (interest)", 15_000, 40_000, "EUR", 1, N,
         1, 1),
    ],
    "Dock scheduling and yard management": [
        ("productivity", "Truck waiting hours avoided at docks", 2_500, 6_000, "hours", 30, N,
         1, 0),
        ("financial", "Carrier demurrage charges avoided", 10_000, 30_000, "EUR", 1, N, 1, 0),
    ],
    "Warehouse IoT: temperature and pallet tracking": [
        ("customer", "Temperature excursion claims avoided", 20, 80, "claims", 2_500, N, 1, 1),
        ("growth", "Cold-chain monitoring service margin", 20_000, 250_000, "EUR", 1, L, 2, 2),
        ("productivity", "Pallet search hours saved", 2_000, 5_000, "hours", 30, N, 1, 1),
    ],
    "e-CMR digital consignment notes": [
        ("productivity", "Consignment note handling hours saved", 3_000, 6_000, "hours", 32, N,
         1, 1),
        ("financial", "Faster invoicing (interest on receivables)", 10_000, 30_000, "EUR", 1, N,
         1, 1),
    ],
    "RPA for freight invoice audit": [
        ("productivity", "Invoice matching hours saved", 1_400, 3_000, "hours", 36, N, 1, 0),
        ("financial", "Carrier overbilling recovered", 10_000, 40_000, "EUR", 1, N, 1, 0),
    ],
    "Automated customs declarations": [
        ("productivity", "Customs clerk hours saved", 2_000, 4_500, "hours", 40, N, 1, 1),
        ("financial", "Customs broker fees avoided", 20_000, 60_000, "EUR", 1, N, 1, 1),
        ("customer", "Shipments released without port storage charges", 200, 700, "shipments",
         90, N, 1, 1),
    ],
    "Drone-based inventory counting": [
        ("productivity", "Cycle-count hours saved", 1_500, 4_000, "hours", 28, N, 2, 1),
        ("financial", "Inventory write-offs avoided", 5_000, 40_000, "EUR", 1, L, 2, 1),
    ],
    "IT portfolio office": [
        ("financial", "Spend on low-value projects avoided", 40_000, 200_000, "EUR", 1, L, 1, 1),
        ("productivity", "Status reporting hours saved", 600, 1_500, "hours", 55, N, 1, 1),
    ],
    "Portfolio management tool (SaaS)": [
        ("productivity", "Portfolio reporting hours saved", 500, 1_400, "hours", 55, N, 1, 0),
    ],
    "Benefits realisation tracking": [
        ("financial", "Benefit leakage recovered", 20_000, 120_000, "EUR", 1, L, 2, 1),
    ],
    "IT demand and capacity planning": [
        ("financial", "Contractor days avoided", 40, 150, "days", 700, N, 1, 1),
    ],
    "E-invoicing mandate compliance": [
        ("financial", "Paper and postage savings on outgoing invoices", 250_000, 400_000,
         "invoices", 0.4, N, 1, 1),
        ("productivity", "Accounts receivable hours saved", 1_500, 3_500, "hours", 36, N, 1, 1),
    ],
    "NIS2 cybersecurity programme": [
        ("financial", "Expected loss from cyber incidents avoided", 80_000, 600_000, "EUR", 1,
         L, 1, 1),
        ("customer", "Contracts kept that require security certification", 1, 5, "accounts",
         30_000, N, 2, 0),
    ],
    "GDPR data retention and consent clean-up": [
        ("financial", "Storage and archive costs reduced", 10_000, 35_000, "EUR", 1, N, 1, 0),
        ("financial", "Expected regulatory fine exposure avoided", 10_000, 120_000, "EUR", 1, L,
         1, 0),
        ("productivity", "Hours saved on data-subject requests", 300, 800, "hours", 40, N, 1, 0),
    ],
    "Cloud cost governance (FinOps)": [
        ("financial", "Cloud spend reduced (rightsizing, reservations)", 40_000, 120_000, "EUR",
         1, N, 1, 0),
    ],
    "Enterprise architecture repository": [
        ("productivity", "Architecture documentation hours saved", 200, 600, "hours", 60, N, 1,
         1),
    ],
    "Enterprise data platform": [
        ("financial", "Legacy data warehouse and reporting licences retired", 90_000, 160_000,
         "EUR", 1, N, 2, 0),
        ("productivity", "Analyst hours saved on manual data preparation", 5_000, 11_000,
         "hours", 45, N, 1, 2),
    ],
    "Demand and volume forecasting": [
        ("financial", "Spot capacity hire costs avoided", 60_000, 200_000, "EUR", 1, N, 2, 1),
        ("productivity", "Warehouse staffing hours better matched", 1_500, 4_000, "hours", 28,
         N, 2, 1),
        ("growth", "Capacity sold earlier at contract rates", 10_000, 80_000, "EUR", 1, L, 2, 2),
    ],
    "Self-service BI for branch managers": [
        ("productivity", "Report requests to IT avoided (analyst hours)", 1_000, 2_500, "hours",
         45, N, 1, 1),
        ("productivity", "Branch manager hours saved on spreadsheets", 600, 1_800, "hours", 50,
         N, 1, 1),
    ],
    "Customer profitability analytics": [
        ("financial", "Margin recovered by repricing loss-making accounts", 60_000, 300_000,
         "EUR", 1, L, 2, 1),
        ("growth", "Sales effort shifted to profitable segments", 10_000, 100_000, "EUR", 1, L,
         2, 2),
    ],
    "Carbon emissions reporting for shippers": [
        ("growth", "Low-emission service revenue margin", 30_000, 350_000, "EUR", 1, L, 2, 2),
        ("customer", "Tenders won or kept that require CO2 reporting", 1, 6, "accounts",
         30_000, N, 1, 1),
        ("productivity", "Manual CO2 report hours saved", 400, 1_200, "hours", 40, N, 1, 0),
    ],
    "Predictive truck maintenance": [
        ("financial", "Roadside breakdowns avoided", 60, 180, "breakdowns", 1_500, N, 2, 1),
        ("productivity", "Workshop hours saved through planned maintenance", 1_000, 3_000,
         "hours", 45, N, 2, 1),
    ],
    "Spot freight pricing analytics": [
        ("growth", "Spot freight margin uplift", 60_000, 400_000, "EUR", 1, L, 1, 1),
        ("productivity", "Pricing analyst hours saved", 800, 2_000, "hours", 45, N, 1, 0),
    ],
    "Warehouse labour and occupancy analytics": [
        ("productivity", "Overtime hours avoided in warehouses", 2_000, 4_500, "hours", 32, N,
         1, 1),
    ],
    "Customer and address master data management": [
        ("customer", "Failed deliveries avoided (wrong addresses)", 1_500, 4_000, "deliveries",
         55, N, 1, 1),
        ("productivity", "Data clean-up hours saved", 800, 2_000, "hours", 38, N, 1, 0),
    ],
    "Shipment ETA prediction": [
        ("customer", CALLS, 8_000, 20_000, "calls", 4.5, N, 1, 1),
        ("customer", CHURN, 1, 4, "accounts", 25_000, N, 2, 1),
    ],
}

# Score comments: (participant, title, criterion, comment)
COMMENTS = [
    ("Lars Mikkelsen", "TMS modernisation", "value", "=obviously needed"),
    ("Tomas Berg", "TMS modernisation", "risk", "Big bang is risky, phase it by country"),
    ("Aisha Karim", "TMS modernisation", "feasibility", 'Vendor says "12 months"; I doubt it'),
    ("Jonas Eklund", "AI chatbot for customer service", "value",
     "Our customers want a person on the phone"),
    ("Sofia Nieminen", "Carbon emissions reporting for shippers", "urgency",
     "Every large tender now asks for CO2 per shipment"),
    ("Marta Costa", "Dynamic route optimisation", "feasibility", "Needs the new TMS first"),
    ("Ingrid Dahl", "Dock scheduling and yard management", "value",
     "Quick win: trucks queue every morning in Aarhus"),
    ("Aisha Karim", "E-invoicing mandate compliance", "urgency", "Mandatory from 2028"),
    ("Tomas Berg", "Blockchain bill-of-lading pilot", "fit", "No customer has asked for this"),
    ("Marta Costa", "Enterprise data platform", "risk", "Needs two data engineers we don't have"),
    ("Lars Mikkelsen", "Driver app with digital proof of delivery", "feasibility",
     "Drivers already use three apps"),
]


def nearest_saaty(r: float) -> float:
    scale = [1 / k for k in range(9, 1, -1)] + list(range(1, 10))
    return min(scale, key=lambda s: abs(math.log(s) - math.log(r)))


def fmt_ratio(r: float) -> str:
    return f"{r:.4f}".rstrip("0").rstrip(".")


def consistency_ratio(matrix: np.ndarray) -> float:
    n = matrix.shape[0]
    lam = max(np.linalg.eigvals(matrix).real)
    ri = {3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32}[n]
    return (lam - n) / (n - 1) / ri


def build_opportunities() -> pd.DataFrame:
    rows = []
    for o in OPPS:
        order = sorted(range(5), key=lambda k: (-o["align"][k], k))
        goals = [GOALS[k] for k in order if o["align"][k] >= 2]
        deps = [ID[t] for t in DEPENDS.get(o["title"], [])]
        rows.append({
            "id": o["id"], "title": o["title"], "capability_area": AREAS[o["area"]],
            "goals": ";".join(goals), "cost_low": o["cost"][0], "cost_high": o["cost"][1],
            "effort_months": o["effort"], "description": o["description"],
            "sponsor": S[o["sponsor"]], "business_unit": o["bu"],
            "run_cost_low": o["run"][0], "run_cost_high": o["run"][1], "team": o["team"],
            "depends_on": ";".join(deps), "mandatory": "yes" if o.get("mandatory") else "no",
            "time_criticality": o["tc"], "risk_reduction": o["rr"],
            **{f"align_{g}": o["align"][k] for k, g in enumerate(GOALS)},
        })
    return pd.DataFrame(rows)


def build_estimates() -> pd.DataFrame:
    cols = ["layer", "driver", "low", "high", "unit", "unit_value", "distribution",
            "start_year", "ramp_years"]
    rows = []
    for o in OPPS:
        for r in ESTIMATES.get(o["title"], []):
            rows.append({"opportunity_id": o["id"], **dict(zip(cols, r, strict=True))})
    df = pd.DataFrame(rows)
    # written as text so whole numbers read 25000, not 25000.0
    df["unit_value"] = [f"{v:g}" for v in df.unit_value]
    return df


def build_scores(rng: np.random.Generator) -> pd.DataFrame:
    names = list(PARTICIPANTS)
    generosity = dict(zip(names, rng.normal(0, 0.5, len(names)), strict=True))
    comments = {(p, ID[t], c): text for p, t, c, text in COMMENTS}
    rows = []
    for p in names:
        it_side = PARTICIPANTS[p][1]
        for o in OPPS:
            camps = CONTESTED.get(o["title"])
            for c, level in zip(CRITERIA, o["truth"], strict=True):
                x = level + generosity[p] * (-1 if c == "risk" else 1)
                if it_side and c in ("feasibility",):
                    x -= 0.6
                if it_side and c == "risk":
                    x += 0.6
                if not it_side and c == "value":
                    x += 0.4
                noise = 0.9
                if camps:
                    side = 1 if p in camps[0] else -1 if p in camps[1] else 0
                    x += side * (-2.6 if c == "risk" else 2.6)
                    noise = 1.3
                x += rng.normal(0, noise)
                score = int(np.clip(round(x), 1, 10))
                rows.append({"participant": p, "opportunity_id": o["id"], "criterion": c,
                             "score": score, "comment": comments.get((p, o["id"], c), "")})
    return pd.DataFrame(rows)


# Hidden goal weights and each participant's leaning (multipliers on the base weights).
BASE_WEIGHTS = dict(productivity=0.32, new_products=0.09, market_share=0.14,
                    customer_satisfaction=0.28, sales=0.17)
LEANING = {
    "Ingrid Dahl": dict(productivity=1.4),
    "Tomas Berg": dict(new_products=1.5),
    "Aisha Karim": dict(productivity=1.3, sales=1.3, customer_satisfaction=0.8),
    "Lars Mikkelsen": dict(productivity=1.5, new_products=0.7),
    "Sofia Nieminen": dict(customer_satisfaction=1.3, new_products=1.6),
    "Jonas Eklund": dict(productivity=1.2),
    "Marta Costa": dict(customer_satisfaction=1.4),
}
INCONSISTENT = "Jonas Eklund"


def build_pairwise(rng: np.random.Generator) -> pd.DataFrame:
    pairs = [(a, b) for i, a in enumerate(GOALS) for b in GOALS[i + 1:]]
    rows = []
    for p in PARTICIPANTS:
        w = {g: BASE_WEIGHTS[g] * LEANING[p].get(g, 1.0) * rng.lognormal(0, 0.15)
             for g in GOALS}
        for a, b in pairs:
            r = nearest_saaty(w[a] / w[b] * rng.lognormal(0, 0.2))
            if p == INCONSISTENT:
                # A few reversed judgments: market share beats productivity, new products beat
                # customer satisfaction, yet productivity and satisfaction still beat the rest.
                if (a, b) in {("productivity", "market_share"),
                              ("new_products", "customer_satisfaction")}:
                    r = nearest_saaty(1 / r * 3)
            rows.append({"participant": p, "a": a, "b": b, "ratio": r})
    return pd.DataFrame(rows)


def write(df: pd.DataFrame, name: str) -> None:
    df.to_csv(OUT / name, index=False, encoding="utf-8", lineterminator="\n")


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------
def yearly_mean(row: pd.Series) -> float:
    if row["distribution"] == "lognormal":
        sigma = math.log(row["high"] / row["low"]) / (2 * 1.6449)
        mid = math.sqrt(row["low"] * row["high"]) * math.exp(sigma**2 / 2)
    else:
        mid = (row["low"] + row["high"]) / 2
    return mid * row["unit_value"]


def npv_mid(opp: pd.Series, est: pd.DataFrame, years: int, rate: float) -> float:
    value = -(opp.cost_low + opp.cost_high) / 2
    run = (opp.run_cost_low + opp.run_cost_high) / 2
    for y in range(1, years + 1):
        benefit = 0.0
        for _, r in est.iterrows():
            if y >= r.start_year:
                benefit += yearly_mean(r) * min(1.0, (y - r.start_year + 1) / (r.ramp_years + 1))
        value += (benefit - run) / (1 + rate) ** y
    return value


def check() -> None:
    import yaml  # a kit dependency; only the checks need it

    ws = yaml.safe_load((OUT / "workshop.yml").read_text(encoding="utf-8"))
    opp = pd.read_csv(OUT / "opportunities.csv", keep_default_na=False)
    est = pd.read_csv(OUT / "estimates.csv", keep_default_na=False)
    sc = pd.read_csv(OUT / "scores.csv", keep_default_na=False)
    pw = pd.read_csv(OUT / "pairwise.csv", keep_default_na=False)
    ok = True

    def report(label: str, cond: bool, detail: str = "") -> None:
        nonlocal ok
        ok &= bool(cond)
        print(f"  [{'ok' if cond else 'FAIL'}] {label}{': ' + detail if detail else ''}")

    print("rows:", {"opportunities": len(opp), "estimates": len(est), "scores": len(sc),
                    "pairwise": len(pw)})
    report("34-38 opportunities", 34 <= len(opp) <= 38, str(len(opp)))
    report("ids unique", opp.id.is_unique)
    req = ["id", "title", "capability_area", "cost_low", "cost_high", "effort_months",
           "description", "sponsor", "business_unit", "team", "mandatory"]
    report("no empty required opportunity cells", not (opp[req] == "").any().any())
    report("no empty required estimate cells", not (est.drop(columns=[]) == "").any().any())
    report("no empty scores", not sc[["participant", "opportunity_id", "criterion",
                                      "score"]].isna().any().any())
    report("cost_low < cost_high", (opp.cost_low < opp.cost_high).all())
    report("costs within 40k-1.8M", opp.cost_low.min() >= 40_000 and opp.cost_high.max()
           <= 1_800_000)
    report("run_cost_low < run_cost_high", (opp.run_cost_low < opp.run_cost_high).all())
    report("effort 2-60", opp.effort_months.between(2, 60).all())
    report("estimate low < high and > 0", ((est.low < est.high) & (est.low > 0)).all())
    report("estimates refer to known ids", est.opportunity_id.isin(opp.id).all())
    report("all four layers used", set(est.layer) == {"financial", "productivity", "customer",
                                                       "growth"})
    per_opp = est.groupby("opportunity_id").size().reindex(opp.id, fill_value=0)
    no_goal = opp.goals == ""
    report("1-4 estimate rows per aligned opportunity", per_opp[~no_goal.values].between(1, 4)
           .all())
    report("0-1 rows per no-goal opportunity", (per_opp[no_goal.values] <= 1).all())
    areas = opp.capability_area.value_counts()
    print("  capability areas:", areas.to_dict())
    report("every area >= 4", set(areas.index) == set(AREAS.values()) and areas.min() >= 4)
    al = opp[[f"align_{g}" for g in GOALS]]
    good_goals = all(
        all(r[f"align_{g}"] >= 2 for g in r.goals.split(";") if g) for _, r in opp.iterrows())
    report("listed goals have align >= 2", good_goals)
    report("align in 0-4", al.isin(range(5)).all().all())
    report(">= 2 opportunities serve no goal", no_goal.sum() >= 2, str(opp.id[no_goal].tolist()))
    served = {g: int((opp.goals.str.split(";").apply(lambda gs, g=g: g in gs)).sum())
              for g in GOALS}
    print("  opportunities per goal:", served)
    report("mandatory: exactly two yes", (opp.mandatory == "yes").sum() == 2,
           str(opp.id[opp.mandatory == "yes"].tolist()))
    deps = {r.id: [d for d in r.depends_on.split(";") if d] for _, r in opp.iterrows()}
    n_edges = sum(len(v) for v in deps.values())
    report("depends_on ids exist", all(d in deps for v in deps.values() for d in v))
    report("4-6 dependencies", 4 <= n_edges <= 6, str(n_edges))

    def acyclic() -> bool:
        state: dict[str, int] = {}

        def visit(n: str) -> bool:
            if state.get(n) == 1:
                return False
            if state.get(n) == 2:
                return True
            state[n] = 1
            good = all(visit(d) for d in deps[n])
            state[n] = 2
            return good

        return all(visit(n) for n in deps)

    report("no dependency cycles", acyclic())
    mid = (opp.cost_low + opp.cost_high) / 2
    share = ws["budget"] / mid.sum()
    report("budget 40-50% of total mid cost", 0.40 <= share <= 0.50,
           f"budget {ws['budget']:,} / mid {mid.sum():,.0f} = {share:.0%}")
    cap = ws["capacity"]
    eff = opp.groupby("team").effort_months.sum()
    for t in cap:
        print(f"  team {t}: effort {eff[t]} pm vs 4 quarters x {cap[t]} = {4 * cap[t]} pm "
              f"({eff[t] / (4 * cap[t]):.2f}x)")
    ratio = opp.effort_months.sum() / (4 * sum(cap.values()))
    report("total effort ~2x of 4 quarters' capacity", 1.7 <= ratio <= 2.4,
           f"{opp.effort_months.sum()} pm vs {4 * sum(cap.values())} pm = {ratio:.2f}x")
    report("scores: 7 participants x all opps x 5 criteria",
           len(sc) == 7 * len(opp) * 5 and sc.participant.nunique() == 7)
    report("scores integer 1-10", sc.score.between(1, 10).all())
    report("comment with comma and one starting with '='",
           sc.comment.str.contains(",").any() and sc.comment.str.startswith("=").any())
    report("pairwise: 10 pairs each", (pw.groupby("participant").size() == 10).all())
    crs = {}
    for p, g in pw.groupby("participant", sort=False):
        m = np.ones((5, 5))
        for _, r in g.iterrows():
            i, j = GOALS.index(r.a), GOALS.index(r.b)
            m[i, j], m[j, i] = float(r.ratio), 1 / float(r.ratio)
        crs[p] = consistency_ratio(m)
    print("  consistency ratios:", {p: round(float(v), 3) for p, v in crs.items()})
    report("exactly one participant with CR > 0.1",
           [p for p, v in crs.items() if v > 0.1] == [INCONSISTENT])

    # Story preview: equal-weight score (0-1), spread, and a rough 5-year NPV at mid values.
    s = sc.copy()
    s["norm"] = np.where(s.criterion == "risk", (10 - s.score) / 9, (s.score - 1) / 9)
    score = s.groupby("opportunity_id").norm.mean()
    spread = sc.groupby(["opportunity_id", "criterion"]).score.std().groupby(
        "opportunity_id").mean()
    yearly = est.assign(v=est.apply(yearly_mean, axis=1)).groupby("opportunity_id").v.sum()
    prev = opp.set_index("id")[["title", "team", "effort_months"]].assign(
        mid_cost=mid.values, score=score, spread=spread,
        yearly=yearly.reindex(opp.id).fillna(0).values,
        npv=[npv_mid(r, est[est.opportunity_id == r.id], ws["horizon_years"],
                     ws["discount_rate"]) for _, r in opp.iterrows()])
    prev["ratio"] = prev.yearly / prev.mid_cost
    with pd.option_context("display.width", 160, "display.max_colwidth", 34,
                           "display.float_format", "{:,.2f}".format):
        print(prev.round({"mid_cost": 0, "yearly": 0, "npv": 0}).to_string())
    print("ALL CHECKS PASSED" if ok else "SOME CHECKS FAILED")
    if not ok:
        raise SystemExit(1)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    write(build_opportunities(), "opportunities.csv")
    write(build_estimates(), "estimates.csv")
    write(build_scores(rng), "scores.csv")
    pw = build_pairwise(rng)
    pw["ratio"] = pw.ratio.map(fmt_ratio)
    write(pw, "pairwise.csv")
    print(f"wrote {OUT}")
    check()


# ---------------------------------------------------------------------------------------------
# Maturity self-assessment (workbook 00). Appended with its own seed, so the tables above are
# generated exactly as before.
# ---------------------------------------------------------------------------------------------
MATURITY_SEED = 14
INSTRUMENT = Path(__file__).resolve().parents[1] / "templates" / "maturity.yml"

# Respondents: the seven workshop participants plus five more managers -> IT side?
MATURITY_RESPONDENTS = {
    **{name: it_side for name, (_, it_side) in PARTICIPANTS.items()},
    "Elena Vidal": False,  # Chief Commercial Officer
    "Pieter Janssen": False,  # Head of Customer Service
    "Rui Almeida": False,  # Head of Ocean & Air
    "Elin Strand": False,  # CHRO
    "Henrik Vos": True,  # CISO
}

# Hidden level of each statement as the business sees it, in instrument order. The story:
# project portfolio management and value management are visibly weak (IT is busy, not
# steering); the other areas sit around 'managed'.
MATURITY_TRUTH = {
    "relationship": [3.2, 3.4, 2.6, 2.9],
    "process": [3.0, 2.7, 3.3, 3.1],
    "portfolio": [2.2, 1.7, 1.5, 1.9, 1.6],
    "governance": [3.3, 3.6, 2.9, 2.8],
    "analytics": [3.2, 2.6, 2.8, 2.4, 3.0],
    "value_management": [2.3, 1.9, 1.6, 1.5, 2.0],
    "partnership": [2.4, 2.5, 2.1, 2.6, 2.3],
}
# How much higher IT rates itself: a little everywhere, much more on business partnership.
IT_LEAN = {"partnership": 1.3, "governance": 0.3}
IT_LEAN_DEFAULT = 0.15


def maturity_statements() -> dict[str, list[str]]:
    import yaml  # a kit dependency

    data = yaml.safe_load(INSTRUMENT.read_text(encoding="utf-8"))
    return {d["id"]: [s["id"] for s in d["statements"]] for d in data["dimensions"]}


def build_maturity(rng: np.random.Generator) -> pd.DataFrame:
    statements = maturity_statements()
    assert {d: len(s) for d, s in statements.items()} == {d: len(t) for d, t in MATURITY_TRUTH.items()}
    rows = []
    for person, it_side in MATURITY_RESPONDENTS.items():
        generosity = rng.normal(0, 0.3)
        for dim, ids in statements.items():
            lean = IT_LEAN.get(dim, IT_LEAN_DEFAULT) if it_side else 0.0
            for sid, truth in zip(ids, MATURITY_TRUTH[dim], strict=True):
                x = truth + lean + generosity + rng.normal(0, 0.55)
                rows.append({"participant": person, "area": dim, "statement": sid,
                             "score": int(np.clip(round(x), 1, 5)),
                             "role": "it" if it_side else "business"})
    return pd.DataFrame(rows)


def check_maturity() -> None:
    mt = pd.read_csv(OUT / "maturity.csv", keep_default_na=False)
    statements = maturity_statements()
    ok = True

    def report(label: str, cond: bool, detail: str = "") -> None:
        nonlocal ok
        ok &= bool(cond)
        print(f"  [{'ok' if cond else 'FAIL'}] {label}{': ' + detail if detail else ''}")

    n = mt.participant.nunique()
    n_statements = sum(len(s) for s in statements.values())
    report("10-14 respondents", 10 <= n <= 14, str(n))
    report("every respondent answers every statement once",
           len(mt) == n * n_statements and not mt.duplicated(["participant", "statement"]).any())
    report("scores 1-5", mt.score.between(1, 5).all())
    person = mt.groupby(["participant", "area", "role"]).score.mean().reset_index()
    level = person.groupby("area").score.mean().sort_values()
    by_role = person.groupby(["area", "role"]).score.mean().unstack()
    gap = by_role["it"] - by_role["business"]
    print("  levels:", level.round(2).to_dict())
    print("  IT - business:", gap.round(2).to_dict())
    report("two weakest: portfolio and value management",
           set(level.index[:2]) == {"portfolio", "value_management"}, str(list(level.index[:2])))
    report("clearly weaker (>= 0.6 below the third)", level.iloc[2] - level.iloc[1] >= 0.6,
           f"{level.iloc[1]:.2f} vs {level.iloc[2]:.2f}")
    report("IT rates partnership >= 0.8 higher than the business", gap["partnership"] >= 0.8,
           f"{gap['partnership']:.2f}")
    report("elsewhere IT and business within 0.6", gap.drop("partnership").abs().max() < 0.6)
    print("MATURITY CHECKS PASSED" if ok else "MATURITY CHECKS FAILED")
    if not ok:
        raise SystemExit(1)


def main_maturity() -> None:
    write(build_maturity(np.random.default_rng(MATURITY_SEED)), "maturity.csv")
    print(f"wrote {OUT / 'maturity.csv'}")
    check_maturity()


# ---------------------------------------------------------------------------------------------
# Benefits realisation (workbook 06): a year of actuals for the YES list and the business rates.
# Appended with its own seed, so the tables above are generated exactly as before; regenerate
# only these two files with `.venv/bin/python datasets/make_demo.py benefits`.
#
# The story: most drivers land inside their range; OPP-13 dock scheduling and OPP-26 FinOps run
# ahead; OPP-28 the data platform is clearly behind (its go-live slipped); Elena Vidal (Chief
# Commercial Officer, Sales) promises more than her opportunities deliver, so her next
# estimates are shifted down and widened; OPP-12's interest saving is due but nobody reported
# it; OPP-21 and OPP-29 are not due before 2028.
# ---------------------------------------------------------------------------------------------
BENEFITS_SEED = 15
YEAR = 2027  # the first year after the workshop (start: 2027-Q1)

#: The YES list of the demo's triage rules (workbook 02), checked against the kit below.
YES_LIST = ["OPP-12", "OPP-13", "OPP-01", "OPP-26", "OPP-06", "OPP-02", "OPP-16", "OPP-15", "OPP-19", "OPP-30",
            "OPP-29", "OPP-23", "OPP-20", "OPP-28", "OPP-24", "OPP-21", "OPP-32", "OPP-22", "OPP-14"]

#: Drivers whose story is not "on track": (opportunity, driver) -> share of the period's
#: mid-point realised in each quarter (one number: the year), with where the number comes from
#: and a note.
STORY = {
    ("OPP-13", "Truck waiting hours avoided at docks"): (
        [1.55, 1.6, 1.7, 1.75], "Yard management system, gate log", "Slot booking adopted by 9 of 10 carriers"),
    ("OPP-13", "Carrier demurrage charges avoided"): (
        [1.6, 1.65, 1.7, 1.8], "Finance ledger, demurrage account", ""),
    ("OPP-26", "Cloud spend reduced (rightsizing, reservations)"): (
        [1.6, 1.7, 1.75, 1.8], "Cloud billing export", "Three-year reservations bought in Q1"),
    ("OPP-28", "Analyst hours saved on manual data preparation"): (
        [0.1, 0.2, 0.3, 0.35], "Analyst time survey",
        "Go-live slipped from Q1 to Q3; analysts still pull legacy extracts"),
    ("OPP-01", "Fewer 'where is my shipment' calls"): (
        [0.5, 0.55, 0.6, 0.65], "Contact-centre telephony statistics",
        "Portal live, but large shippers still phone: \"habit\", says customer service"),
    ("OPP-32", "Tenders won or kept that require CO2 reporting"): ([0.57], "CRM, tender log", ""),
    ("OPP-32", "Manual CO2 report hours saved"): ([0.4, 0.45, 0.5, 0.55], "Timesheets sample", ""),
}
#: Small counts are reported once for the year.
YEARLY = {("OPP-06", "Churn reduction (accounts retained)"), ("OPP-14", "Temperature excursion claims avoided"),
          ("OPP-22", "Contractor days avoided"), ("OPP-24", "Expected loss from cyber incidents avoided"),
          ("OPP-32", "Tenders won or kept that require CO2 reporting")}
#: Due, but nobody measured it.
NOT_REPORTED = {("OPP-12", "Shorter days sales outstanding (interest)")}
SOURCES = {"hours": "Timesheets sample", "EUR": "Finance ledger", "calls": "Contact-centre telephony statistics",
           "disputes": "Billing dispute log", "invoices": "E-invoicing gateway statistics",
           "accounts": "CRM, account status", "claims": "Claims register", "queries": "Service desk",
           "days": "Contractor invoices"}


def _share(year: int, start_year: int, ramp_years: int) -> float:
    return float(np.clip((year - start_year + 1) / (ramp_years + 1), 0, 1))


def _rounded(value: float, unit: str) -> float:
    if unit == "EUR":
        return float(round(value, -1))
    return float(round(value))  # hours, calls, accounts...: whole units


def build_actuals(rng: np.random.Generator) -> pd.DataFrame:
    est = build_estimates()
    rows = []
    for oid in sorted(YES_LIST, key=lambda i: int(i.split("-")[1])):
        drivers = est[est.opportunity_id == oid]
        due = drivers[drivers.start_year == 1]
        if due.empty:  # nothing due in the first year: say so with a zero
            first = drivers.iloc[0]
            rows.append({"opportunity_id": oid, "driver": first.driver, "period": str(YEAR), "value": 0,
                         "source": "Project office", "note": f"Not live yet: go-live planned for {YEAR + 1}-Q1"})
            continue
        for d in due.itertuples(index=False):
            key = (oid, d.driver)
            if key in NOT_REPORTED:
                continue
            share = _share(1, d.start_year, d.ramp_years)
            half_ratio = (d.high - d.low) / (d.high + d.low)  # half-width / mid-point
            factors, source, note = STORY.get(key, (None, SOURCES.get(d.unit, ""), ""))
            yearly = key in YEARLY
            periods = [str(YEAR)] if yearly else [f"{YEAR}-Q{q}" for q in range(1, 5)]
            if factors is None:  # on track: a rising year with noise, inside the range
                trend = [0.0] if yearly else [-0.3, -0.1, 0.1, 0.3]
                factors = [1 + half_ratio * float(np.clip(t + rng.normal(0, 0.2), -0.8, 0.8)) for t in trend]
            for period, factor in zip(periods, factors, strict=True):
                mid = (d.low + d.high) / 2 * share * (1 if yearly else 0.25)
                rows.append({"opportunity_id": oid, "driver": d.driver, "period": period,
                             "value": _rounded(mid * factor, d.unit), "source": source,
                             "note": note if period in (str(YEAR), f"{YEAR}-Q4") else ""})
    out = pd.DataFrame(rows)
    out["value"] = [f"{v:g}" for v in out.value]
    return out


#: The five business rates (goal -> unit, source, baseline in 2026, the four quarters of 2027).
GOAL_RATES = {
    "productivity": ("% a year", "Finance KPI pack: shipments per FTE", 1.2, [1.4, 1.9, 2.3, 2.6]),
    "new_products": ("services launched, last 12 months", "Product board", 1, [1, 1, 1, 2]),
    "market_share": ("% of the Nordic part-load market", "Transport Analytics Nordic, market study", 6.1,
                     [6.0, 6.1, 6.1, 6.2]),
    "customer_satisfaction": ("NPS points", "NPS survey after delivery (OPP-06)", 18, [19, 22, 24, 27]),
    "sales": ("% revenue growth, year on year", "Finance KPI pack", 3.0, [2.8, 3.1, 3.3, 3.4]),
}


def build_goal_rates() -> pd.DataFrame:
    rows = []
    for goal, (unit, source, baseline, rates) in GOAL_RATES.items():
        rows.append({"goal_id": goal, "period": str(YEAR - 1), "value": baseline, "kind": "baseline", "unit": unit,
                     "source": source, "note": "Before the workshop"})
        for q, rate in enumerate(rates, start=1):
            rows.append({"goal_id": goal, "period": f"{YEAR}-Q{q}", "value": rate, "kind": "rate", "unit": unit,
                         "source": source, "note": ""})
    out = pd.DataFrame(rows)
    out["value"] = [f"{v:g}" for v in out.value]
    return out


def check_benefits() -> None:
    import kit
    from kit import benefits, scoring, triage

    ws = kit.load_workshop(OUT, use_cache=False)
    ok = True

    def report(label: str, cond: bool, detail: str = "") -> None:
        nonlocal ok
        ok &= bool(cond)
        print(f"  [{'ok' if cond else 'FAIL'}] {label}{': ' + detail if detail else ''}")

    decided = triage.decide(scoring.priority(ws), ws)
    yes = decided.loc[decided.decision == "YES", "opportunity_id"].tolist()
    report("actuals cover exactly the YES list", set(ws.tables["actuals"].opportunity_id) == set(yes) == set(YES_LIST))
    progress = benefits.realisation(ws)
    status = progress.opportunities.set_index("opportunity_id")["status"]
    print("  statuses:", status.value_counts().to_dict())
    report("two ahead: OPP-13 and OPP-26", sorted(status[status == "ahead"].index) == ["OPP-13", "OPP-26"])
    behind = progress.opportunities.set_index("opportunity_id").query("status == 'behind'")["share_of_mid"]
    report("OPP-28 clearly behind (below 40% of its mid-point)", behind.get("OPP-28", 1) < 0.4,
           str(behind.round(2).to_dict()))
    report("most on track", (status == "on track").sum() >= len(status) / 2, str((status == "on track").sum()))
    report("OPP-21 and OPP-29 not yet due", sorted(status[status == "not yet due"].index) == ["OPP-21", "OPP-29"])
    report("one driver due but not reported",
           progress.drivers.query("status == 'not reported'")["opportunity_id"].tolist() == ["OPP-12"])
    table = benefits.calibration(progress.checks, by="sponsor").set_index("group")
    print(table[["checks", "inside", "share", "bias", "verdict"]].round(2).to_string())
    elena = table.loc["Elena Vidal, Chief Commercial Officer"]
    report("Elena Vidal over-optimistic and too sure", elena.verdict == "over-optimistic, too narrow",
           f"{elena.inside} of {elena.checks}, bias {elena.bias:.2f}")
    report("overall share below a calibrated 90%", table.loc["All estimates", "share"] < 0.9)
    new = benefits.recalibrate(ws)
    hers = new[new.group == "Elena Vidal, Chief Commercial Officer"]
    report("her open estimates are shifted down", len(hers) > 0 and (hers.new_high < hers.high).all(),
           f"{len(hers)} estimates")
    print("BENEFITS CHECKS PASSED" if ok else "BENEFITS CHECKS FAILED")
    if not ok:
        raise SystemExit(1)


def main_benefits() -> None:
    write(build_actuals(np.random.default_rng(BENEFITS_SEED)), "actuals.csv")
    write(build_goal_rates(), "goal_rates.csv")
    print(f"wrote {OUT / 'actuals.csv'} and {OUT / 'goal_rates.csv'}")
    check_benefits()


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["benefits"]:
        main_benefits()
    else:
        main()
        main_maturity()
        main_benefits()
