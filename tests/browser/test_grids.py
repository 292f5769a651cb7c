"""The batch-entry grids in a real browser (issue 19 item 5): the STS pastes a range copied from
a spreadsheet (tab-separated, with its header row and column of regions) into a cell of the
statistics grid, a bad cell is answered at its place with the typed values kept, the corrected
grid is saved; the penitentiary authority pastes many device lines at once (the grid grows).
At 1366×768 in Kazakh, no horizontal scroll."""

import pytest

from tests.browser.conftest import assert_screenshots, chromium, screenshot_dir, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORT = {"width": 1366, "height": 768}
GRID_ROWS = "table[data-paste-grid] tbody tr"

PASTE = """([tsv, row]) => {
  const cell = document.querySelectorAll('table[data-paste-grid] tbody tr')[row].querySelector('input');
  const data = new DataTransfer();
  data.setData('text/plain', tsv);
  cell.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


@pytest.fixture
def grid_env(live_demo):
    base, _world, password = live_demo
    return base, password


def _log_in(browser, base, username, password):
    page = browser.new_context(locale="kk-KZ", viewport=VIEWPORT).new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form [type=submit]")
    page.wait_for_load_state()
    assert "/admin/login/" not in page.url, f"{username} could not log in"
    return page


def _no_horizontal_scroll(page):
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), page.url


def test_statistics_pasted_checked_by_cell_and_saved(grid_env, tmp_path):
    from cases.platforms.models import PlatformCase, PlatformCaseState

    base, password = grid_env
    directory = screenshot_dir(tmp_path)
    case = PlatformCase.objects.filter(state=PlatformCaseState.STATISTICS_REQUESTED, traffic_statistics__isnull=True).first()
    assert case is not None, "the demo has a case awaiting the STS's statistics"
    with chromium() as browser:
        page = _log_in(browser, base, "sts", password)
        page.goto(f"{base}/admin/platforms/platformcase/{case.pk}/change/")
        page.click(".statistics-grid-link a")
        page.wait_for_load_state()
        _no_horizontal_scroll(page)
        shot(page, directory, "statistics_grid_empty")
        first, second = (page.locator("table[data-paste-grid] tbody th").nth(i).inner_text() for i in (0, 1))
        tsv = (f"\t00:00–06:00\t06:00–12:00\t12:00–18:00\t18:00–00:00\n"
               f"{second}\t10\tон\t-5\t40\n{first}\t1 234,5\t2 000\t3 000\t4 000\n")
        page.evaluate(PASTE, [tsv, 0])
        assert page.locator(GRID_ROWS).nth(0).locator("input").nth(0).input_value() == "1 234,5"
        assert page.locator(GRID_ROWS).nth(1).locator("input").nth(1).input_value() == "он"
        shot(page, directory, "statistics_grid_pasted")
        page.click("input[name=save]")
        page.wait_for_load_state()
        assert page.locator("td.cell-error").count() == 2
        assert page.locator(GRID_ROWS).nth(0).locator("input").nth(0).input_value() == "1 234,5"  # kept
        _no_horizontal_scroll(page)
        shot(page, directory, "statistics_grid_bad_cell")
        assert not case.traffic_statistics.exists()
        page.locator(GRID_ROWS).nth(1).locator("input").nth(1).fill("20")
        page.locator(GRID_ROWS).nth(1).locator("input").nth(2).fill("30")
        page.click("input[name=save]")
        page.wait_for_load_state()
        assert page.locator("td.cell-error").count() == 0
        shot(page, directory, "statistics_grid_saved")
    assert case.traffic_statistics.count() == 8
    assert_screenshots(directory, ["statistics_grid_empty", "statistics_grid_pasted", "statistics_grid_bad_cell", "statistics_grid_saved"])


def test_device_lines_pasted_at_once(grid_env, tmp_path):
    from cases.devices.models import DemandState, DeviceDemand
    from tests.cases.devices.factories import make_imei

    base, password = grid_env
    directory = screenshot_dir(tmp_path)
    demand = DeviceDemand.objects.filter(state=DemandState.DRAFT).first()
    assert demand is not None, "the demo has a draft demand"
    stored = demand.devices.count()
    imeis = [make_imei("35209900") for _i in range(8)]
    tsv = "IMEI\tТелефон нөмірі\tОператор\n" + "".join(f"{imei}\t8 701 200 00 {10 + i}\t\n" for i, imei in enumerate(imeis))
    with chromium() as browser:
        page = _log_in(browser, base, "penitentiary", password)
        page.goto(f"{base}/admin/devices/devicedemand/{demand.pk}/change/")
        page.click(".lines-grid-link a")
        page.wait_for_load_state()
        rows_before = page.locator("table[data-paste-grid] tbody tr").count()
        page.evaluate(PASTE, [tsv, stored])
        assert page.locator("table[data-paste-grid] tbody tr").count() == max(rows_before, stored + 8)  # grown
        _no_horizontal_scroll(page)
        shot(page, directory, "lines_grid_pasted")
        page.click("input[name=save]")
        page.wait_for_load_state()
        assert page.locator("td.cell-error").count() == 0, page.content()[:2000]
        shot(page, directory, "lines_grid_saved")
    assert demand.devices.count() == stored + 8
    assert_screenshots(directory, ["lines_grid_pasted", "lines_grid_saved"])
