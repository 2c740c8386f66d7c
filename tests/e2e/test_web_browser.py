"""`diplo serve` in a real Chromium: the seed ledger on both backends, and a hostile statement.

One browser for the module and one server per backend. Chromium's network is closed: every
host resolves to nothing except 127.0.0.1 and DW's short link, which is mapped to a local
HTTPS stand-in (its certificate from a throwaway CA), so following the one seed source that
has a url never leaves the machine. Each page visited is saved as a screenshot under the
run's tmp output (`screenshots-*`).
"""

from __future__ import annotations

import http.server
import json
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import trustme
from click.testing import CliRunner
from lxml import html
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import BACKENDS, Diplo, new_database

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SOURCE_HOST = "p.dw.com"
"""The host of the only seed source with a url (fixtures/004: https://p.dw.com/p/3UZbK)."""
STAND_IN_TITLE = "Stand-in for the DW article"
NO_ICON = '<link rel="icon" href="data:,">'
PARIS = "trump-putin-paris-2018"
HOSTILE_QUOTE = '<script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2">'
BIDI_SPEAKER = "Evil \u202eevlis\u202c Speaker"
HOSTILE_YAML = f"""\
source:
  outlet: "Hostile <b>Outlet</b>"
  published: 2024-01-02
  title: "javascript:alert(1)"
  language: en
statements:
  - id: hostile-script-quote
    meeting: hostile-xss-2024
    kind: announced
    speaker: "{BIDI_SPEAKER}"
    side: US
    said_on: 2024-01-02
    quote: '{HOSTILE_QUOTE}'
    parties: [US, RU]
    place: "<iframe src=javascript:alert(3)>"
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StandIn:
    """A local HTTPS server answering for the DW short link; records what it was asked."""

    port: int
    requests: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandIn]:
    authority = trustme.CA()
    certificate = authority.issue_cert(SOURCE_HOST)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate.configure_cert(context)
    served = StandIn(free_port())

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.requests.append({"path": self.path, "referer": self.headers.get("Referer", "")})
            page = f"<!doctype html><title>{STAND_IN_TITLE}</title>{NO_ICON}"
            body = (page + f"<h1>{STAND_IN_TITLE}</h1><p>Served at {self.path}</p>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", served.port), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, stand_in: StandIn) -> Iterator[WebDriver]:
    """One headless Chromium for the module, with a closed network and an empty profile."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=en-US",
        "--ignore-certificate-errors",
        f"--user-data-dir={profile}",
        f"--host-resolver-rules=MAP {SOURCE_HOST} 127.0.0.1:{stand_in.port}, "
        "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--window-size=1200,900",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@dataclass
class Served:
    """`diplo serve` on one backend: its address, its database and its output."""

    base: str
    db: str
    log: Path
    shots: Path

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module", params=BACKENDS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The seed articles and one hostile statement, served by the real `diplo serve`."""
    folder = tmp_path_factory.mktemp(f"serve-{request.param}")
    db = new_database(request, request.param, folder)
    diplo = Diplo(db, CliRunner())
    diplo.import_seed()
    hostile = folder / "hostile.yaml"
    hostile.write_text(HOSTILE_YAML, encoding="utf-8")
    diplo.ok("import", str(hostile))
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "diplo", "--db", db, "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log)
        yield Served(base, db, log, tmp_path_factory.mktemp(f"screenshots-{request.param}"))
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"diplo serve exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"diplo serve did not answer within 60 s: {log.read_text()}")


def shoot(browser: WebDriver, served: Served, name: str) -> None:
    browser.save_screenshot(str(served.shots / f"{name}.png"))


def click_and_wait(browser: WebDriver, by: str, value: str) -> None:
    """Click, then wait until the next page has replaced this one and has loaded. While one
    document replaces another, Chromium may answer a question about either with an error that
    is not "stale element" ("Node ... does not belong to the document"): asked again."""
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(by, value).click()
    wait = WebDriverWait(browser, 20, ignored_exceptions=(WebDriverException,))
    wait.until(staleness_of(page))
    wait.until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def status_text(browser: WebDriver) -> str:
    return browser.find_element(By.CSS_SELECTOR, "#status .status").text.split()[-1]


def test_the_meetings_page_lists_the_seed_meetings_and_leads_to_a_meeting(
    browser: WebDriver, served: Served
) -> None:
    browser.get(served.url("/"))
    shoot(browser, served, "meetings")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Meetings"
    links = browser.find_elements(By.CSS_SELECTOR, "a.meeting-link")
    # 18 meetings in fixtures/000..004 (tests/golden_expectations.py) and the hostile one.
    assert len(links) == 19
    click_and_wait(browser, By.LINK_TEXT, PARIS)
    shoot(browser, served, "meeting-paris")
    assert urlsplit(browser.current_url).path == f"/meetings/{PARIS}"
    assert status_text(browser) == "agreed"
    stances = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "ul.stances li")]
    assert stances == ["US ✔ supports", "RU ✔ supports"]
    assert browser.find_element(By.CSS_SELECTOR, "svg.timeline").is_displayed()


def test_changing_the_as_of_date_shows_the_status_of_that_day(
    browser: WebDriver, served: Served
) -> None:
    browser.get(served.url(f"/meetings/{PARIS}"))
    # Every Paris statement was said on 2018-10-23: on the 22nd none counts yet.
    browser.find_element(By.ID, "as_of").send_keys("10222018")
    click_and_wait(browser, By.ID, "moment-submit")
    shoot(browser, served, "meeting-paris-as-of-2018-10-22")
    assert parse_qs(urlsplit(browser.current_url).query)["as_of"] == ["2018-10-22"]
    assert status_text(browser) == "unannounced"
    browser.find_element(By.ID, "as_of").clear()
    browser.find_element(By.ID, "as_of").send_keys("10232018")
    click_and_wait(browser, By.ID, "moment-submit")
    assert status_text(browser) == "agreed"


def test_quotes_in_danish_carry_their_language(browser: WebDriver, served: Served) -> None:
    browser.get(served.url(f"/meetings/{PARIS}"))
    quote = browser.find_element(By.CSS_SELECTOR, "#statement-dk-ushakov-confirms-paris .quote")
    assert quote.get_attribute("lang") == "da"
    assert "Vi planlægger" in quote.text


def test_a_source_link_opens_its_target_without_a_referrer(
    browser: WebDriver, served: Served, stand_in: StandIn
) -> None:
    browser.get(served.url("/meetings/trump-lavrov-oval-office-2019"))
    link = browser.find_element(By.CSS_SELECTOR, "#statement-dw-trump-lavrov-held a.source-link")
    assert link.get_attribute("href") == "https://p.dw.com/p/3UZbK"
    assert link.get_attribute("rel") == "noopener noreferrer"
    before = len(stand_in.requests)
    click_and_wait(browser, By.CSS_SELECTOR, "#statement-dw-trump-lavrov-held a.source-link")
    shoot(browser, served, "source-target")
    assert browser.title == STAND_IN_TITLE
    assert stand_in.requests[before:] == [{"path": "/p/3UZbK", "referer": ""}]


def test_searching_for_words_of_a_quote_finds_its_statement(
    browser: WebDriver, served: Served
) -> None:
    browser.get(served.url("/"))
    box = browser.find_element(By.ID, "site-q")
    box.send_keys("said yes, in fact")  # only Bolton's Paris quote (fixtures/000) says so
    click_and_wait(browser, By.CSS_SELECTOR, "form.search button")
    shoot(browser, served, "search")
    found = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a.result-link")]
    assert found == [PARIS]
    click_and_wait(browser, By.CSS_SELECTOR, "a.result-link")
    assert browser.current_url.endswith(f"/meetings/{PARIS}#statement-hill-bolton-paris-yes")


def test_a_hostile_statement_renders_as_text_and_runs_no_script(
    browser: WebDriver, served: Served
) -> None:
    browser.get(served.url("/meetings/hostile-xss-2024"))
    shoot(browser, served, "hostile")
    quote = browser.find_element(By.CSS_SELECTOR, "#statement-hostile-script-quote .quote")
    assert quote.text == HOSTILE_QUOTE
    speaker = browser.find_element(By.CSS_SELECTOR, "#statement-hostile-script-quote .speaker")
    assert speaker.text == "Evil <U+202E>evlis<U+202C> Speaker"
    place = browser.find_element(By.XPATH, "//dt[.='Place']/following-sibling::dd[1]")
    assert place.text == "<iframe src=javascript:alert(3)>"
    assert browser.find_elements(By.TAG_NAME, "script") == []
    assert browser.find_elements(By.TAG_NAME, "iframe") == []
    assert browser.execute_script("return window.__xss === undefined") is True
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018  (reading it is the check)
    javascript_links = browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    assert javascript_links == []


def test_the_server_log_never_shows_the_database_password(served: Served) -> None:
    password = urlsplit(served.db).password
    log = served.log.read_text()
    assert "serving" in log
    assert password is None or password not in log


def fetch(served: Served, path: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
    """Status, headers and body of one request to the server (errors included)."""
    request = urllib.request.Request(served.url(path), method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_every_response_carries_a_strict_content_security_policy(served: Served) -> None:
    for path in ("/", f"/meetings/{PARIS}", "/nowhere", "/?page=zero", "/static/style.css"):
        _, headers, _ = fetch(served, path)
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy, path
        assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/?status=maybe", "status='maybe'"),
        ("/?page=0", "page='0'"),
        ("/?party=<b>", "party="),
        (f"/meetings/{PARIS}?as_of=yesterday", "as_of='yesterday'"),
        (f"/meetings/{PARIS}?recorded_by=soon", "recorded_by='soon'"),
        (f"/meetings/{PARIS}?known_by=23-10-2018", "known_by='23-10-2018'"),
        (f"/meetings/{PARIS}?heard_by=2018-10-23", "unknown parameter 'heard_by'"),
        (f"/meetings/{PARIS}?evidence=rumour", "evidence='rumour'"),
    ],
)
def test_a_bad_query_parameter_gives_a_400_page_naming_it(
    served: Served, path: str, named: str
) -> None:
    status, _, body = fetch(served, path)
    assert status == 400
    message = html_text(body, "error-message")
    assert named in message


def html_text(body: str, element_id: str) -> str:
    (element,) = html.fromstring(body).xpath(f"//*[@id='{element_id}']")
    return str(element.text_content())


def test_an_unknown_meeting_gives_a_404_with_the_near_matches(served: Served) -> None:
    status, _, body = fetch(served, "/meetings/trump-putin-pari-2018")
    assert status == 404
    assert "no meeting 'trump-putin-pari-2018'" in html_text(body, "error-message")
    assert f'href="/meetings/{PARIS}"' in body
    assert fetch(served, "/statements/no-such-statement")[0] == 404


def test_the_json_twins_are_the_objects_the_cli_prints(served: Served) -> None:
    diplo = Diplo(served.db, CliRunner())
    _, headers, body = fetch(served, f"/meetings/{PARIS}.json?as_of=2018-10-22")
    assert headers["content-type"].startswith("application/json")
    expected_status = diplo.json("status", PARIS, "--as-of", "2018-10-22")
    assert json.loads(body) == {
        "status": expected_status,
        "history": diplo.json("history", PARIS, "--as-of", "2018-10-22"),
    }
    assert expected_status["status"] == "unannounced"
    listed = json.loads(fetch(served, "/index.json?party=UA")[2])
    assert listed == diplo.json("meetings", "--party", "UA")


def test_no_endpoint_accepts_a_write(served: Served) -> None:
    for method in ("POST", "PUT", "DELETE"):
        assert fetch(served, "/", method)[0] == 405
        assert fetch(served, f"/meetings/{PARIS}", method)[0] == 405


def test_no_page_or_header_shows_the_database_address(served: Served) -> None:
    secret = urlsplit(served.db).password or served.db
    for path in ("/", f"/meetings/{PARIS}", "/nowhere", "/changes.atom", "/calendar.ics"):
        _, headers, body = fetch(served, path)
        assert secret not in body and secret not in json.dumps(headers), path


def test_serving_beyond_this_machine_warns(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.sqlite")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "diplo",
            "--db",
            db,
            "serve",
            "--host",
            "127.0.0.2",
            "--port",
            str(free_port()),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline().decode()
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert first.startswith("warning: listening on 127.0.0.2")


BADGES = """
const found = {};
for (const badge of document.querySelectorAll('.status')) {
  const style = getComputedStyle(badge);
  found[badge.textContent.trim().split(/\\s+/).pop()] = {
    mark: badge.textContent.trim().split(/\\s+/)[0],
    border: style.borderTopStyle,
    background: style.backgroundColor,
  };
}
return found;
"""


def grey(css_colour: str) -> float:
    """The lightness a greyscale print gives an `rgb(r, g, b)` colour (0 black, 1 white)."""
    red, green, blue = (int(part) for part in css_colour[4:-1].split(",")[:3])
    return (0.299 * red + 0.587 * green + 0.114 * blue) / 255


def test_statuses_can_be_told_apart_in_greyscale(browser: WebDriver, served: Served) -> None:
    browser.get(served.url("/"))
    badges = browser.execute_script(BADGES)
    # The seed ledger has held, agreed and proposed meetings (tests/golden_expectations.py).
    assert {"held", "agreed", "proposed"} <= set(badges)
    names = sorted(badges)
    assert len({badges[name]["mark"] for name in names}) == len(names)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            a, b = badges[first], badges[second]
            lightness_apart = abs(grey(a["background"]) - grey(b["background"])) >= 0.2
            assert lightness_apart or a["border"] != b["border"], (first, second)


def test_a_printed_meeting_page_leaves_out_the_forms(browser: WebDriver, served: Served) -> None:
    browser.get(served.url(f"/meetings/{PARIS}"))
    assert browser.find_element(By.CSS_SELECTOR, "form.moment").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.CSS_SELECTOR, "form.moment").is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, "form.search").is_displayed()
        assert browser.find_element(By.ID, "status").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_the_pages_read_at_360_pixels_without_sideways_scrolling(
    browser: WebDriver, served: Served
) -> None:
    browser.set_window_size(360, 800)
    try:
        for name, path in (("meetings", "/"), ("meeting", "/meetings/trump-putin-summit-2025")):
            browser.get(served.url(path))
            shoot(browser, served, f"{name}-360px")
            widths = browser.execute_script(
                "const root = document.documentElement;return [root.scrollWidth, root.clientWidth]"
            )
            assert widths[0] <= widths[1], path
    finally:
        browser.set_window_size(1200, 900)


def test_a_statement_link_leads_to_its_provenance(browser: WebDriver, served: Served) -> None:
    browser.get(served.url(f"/meetings/{PARIS}"))
    selector = "#statement-dk-ushakov-confirms-paris a.statement-link"
    click_and_wait(browser, By.CSS_SELECTOR, selector)
    shoot(browser, served, "statement")
    assert urlsplit(browser.current_url).path == "/statements/dk-ushakov-confirms-paris"
    terms = [dt.text for dt in browser.find_elements(By.CSS_SELECTOR, "dl.plan dt")]
    details = [dd.text for dd in browser.find_elements(By.CSS_SELECTOR, "dl.plan dd")]
    provenance = dict(zip(terms, details, strict=True))
    # fixtures/003: an unnamed Danish outlet, published 2018-10-23, in Danish.
    assert provenance["Outlet"] == "unnamed Danish outlet, 23 October 2018"
    assert provenance["Source language"] == "da"
    assert provenance["Corrections"] == "none"


def test_a_mistyped_meeting_offers_the_near_one(browser: WebDriver, served: Served) -> None:
    browser.get(served.url("/meetings/trump-putin-pariss-2018"))
    shoot(browser, served, "not-found")
    near = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ul.near a")]
    assert near[0] == PARIS
    click_and_wait(browser, By.LINK_TEXT, PARIS)
    assert status_text(browser) == "agreed"


LATE_YAML = """\
source:
  outlet: Late Wire
  published: 2024-01-03
statements:
  - id: late-ru-confirms
    meeting: hostile-xss-2024
    kind: confirmed
    speaker: Late Speaker
    side: RU
    said_on: 2024-01-03
    summary: "RU confirms, recorded while the server runs"
"""


def test_statements_recorded_while_serving_show_up_without_a_restart(
    browser: WebDriver, served: Served, tmp_path: Path
) -> None:
    late = tmp_path / "late.yaml"
    late.write_text(LATE_YAML, encoding="utf-8")
    Diplo(served.db, CliRunner()).ok("import", str(late))

    # US announced and RU now confirms: both parties support -> agreed (status rules).
    def page_status() -> str:
        browser.get(served.url("/meetings/hostile-xss-2024"))
        return status_text(browser)

    def search_hits() -> list[str]:
        browser.get(served.url("/search?q=recorded+while+the+server+runs"))
        return [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a.result-link")]

    assert eventually(page_status, "agreed")
    assert eventually(search_hits, ["hostile-xss-2024"])


def eventually(read: Callable[[], object], expected: object, seconds: float = 20) -> bool:
    """Whether `read()` gives `expected` within `seconds` (the server polls every second)."""
    deadline = time.monotonic() + seconds
    while read() != expected:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True
