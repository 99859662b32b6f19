"""The page-address reader: a page's query string, in a warm Voilà kernel and elsewhere."""

from __future__ import annotations

import pytest

from kit.apps import forms


@pytest.fixture
def waits(monkeypatch) -> list[str]:
    """Replaces Voilà's ``wait_for_request``: records each wait, then hands the page's address
    to the kernel as Voilà does (``QUERY_STRING`` and friends in the environment)."""
    import voila.utils

    calls: list[str] = []

    def wait_for_request(url=None):
        calls.append("wait")
        monkeypatch.setenv("QUERY_STRING", "participant=Nora%20Quist&role=it")

    monkeypatch.setattr(voila.utils, "wait_for_request", wait_for_request)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    return calls


def test_a_warm_kernel_waits_once_for_its_page(monkeypatch, waits):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    assert forms.participant_from_url() == "Nora Quist"
    assert forms.from_url("role") == "it"
    assert waits == ["wait"]  # the second read does not wait: Voilà sends a page's address once


def test_a_kernel_started_for_its_page_reads_the_address_at_once(monkeypatch, waits):
    monkeypatch.setenv("VOILA_PREHEAT", "False")  # Voilà without a pool, or the pool was empty
    monkeypatch.setenv("QUERY_STRING", "participant=Ingrid%20Dahl")
    assert forms.participant_from_url() == "Ingrid Dahl"
    assert waits == []


def test_outside_voila_there_is_no_address_and_no_wait(monkeypatch, waits):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)  # JupyterLab, papermill
    assert forms.page_query() == "" and forms.participant_from_url() == ""
    assert waits == []


def test_a_warm_kernel_that_hears_nothing_gives_an_empty_address_and_waits_no_more(monkeypatch):
    import voila.utils

    calls = []
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda url=None: calls.append(url) or None)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert forms.participant_from_url() == "" and forms.participant_from_url() == ""
    assert len(calls) == 1


def test_a_warm_kernel_imports_what_its_page_needs_before_the_page_comes(monkeypatch):
    """SQLAlchemy, the store and the apps are imported while the kernel waits, not after."""
    import importlib

    import voila.utils

    imported, order = [], []
    real = importlib.import_module
    monkeypatch.setattr(importlib, "import_module", lambda name, *a: imported.append(name) or real(name, *a))
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda url=None: order.append(list(imported)))
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    forms.page_query()
    assert order == [list(forms.WARM_MODULES)]  # all of them, before the wait
    assert {"sqlalchemy", "kit.store.store", "kit.apps.scoring"} <= set(forms.WARM_MODULES)
    monkeypatch.setattr(forms, "WARM_MODULES", ("kit.no_such_module", "json"))
    assert forms.warm_up() == ["kit.no_such_module"]  # a head start that fails breaks nothing
