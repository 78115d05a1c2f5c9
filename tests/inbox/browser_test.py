#!/usr/bin/env python3
"""The staff inbox in a real browser: headless Chromium (Debian's chromium
and chromium-driver) driven by Selenium, against the real lantern-inbox over
HTTPS, with a request submitted through the kiosk's headless harness
(lantern --headless --script, as tests/e2e/form.py fills the form).

  browser_test.py --lantern L --lanternctl C --inbox I --content DIR --out DIR

Signs in, enters the passphrase, sees the request, downloads the CSV, marks
it reached, reads the handled list and the audit log, looks at the page on a
phone-sized window, signs out. A screenshot of each page goes to
OUT/inbox-browser/*.png.
"""
import argparse
import csv
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import e2e  # noqa: E402
import form  # noqa: E402
import inbox_env as env  # noqa: E402
from inbox_env import Inbox, run  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def wait_for(driver, cond, what):
    """Waits for the navigation a click started (the click returns before the next page loads)."""
    try:
        WebDriverWait(driver, 20).until(lambda d: cond(d))
        return True
    except Exception:
        check(False, f"{what}: {driver.current_url} {driver.title}")
        return False

check = e2e.check
NAME = "Rosalind"


def submit_from_kiosk(a, data, out):
    """One request typed into the kiosk's form through the headless harness."""
    manifest, langs = e2e.load_content(a.content)
    ui = langs["en"]["ui"]
    title = langs["en"]["docs"][manifest["contact_form"]]["title"]
    args = ["--content", a.content, "--data", data, "--size", "1920x1080"]
    start = [{"tap": [960, 1075]}]
    page = form.tile_page(a, args, out, ui, title, start)
    script = start + form.open_form(ui, title, page) + [
        *form.key_taps(ui, NAME), {"tap_text": ui["form.next"]},
        {"type": "(323) 402-1622"}, {"tap_text": ui["form.next"]},
        {"type": "rosalind.test@example.org"}, {"key": "Enter"},
        {"tap_text": ui["form.best_time.morning"]}, {"tap_text": ui["form.yes"]}, {"tap_text": ui["form.next"]},
        {"tap_text": ui["form.topic.loved-one"]}, {"tap_text": ui["form.next"]},
        {"tap_text": ui["form.consent.label"]}, {"tap_text": ui["form.next"]},
        {"tap_text": ui["form.submit"]}, {"expect_screen": "thanks"}, {"shot": "kiosk-thanks"},
    ]
    form.harness(a, args, script, out, "kiosk-submit")


def browser(download_dir):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                "--window-size=1280,900", "--disable-gpu", "--no-first-run", "--password-store=basic"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": download_dir,
                                           "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def main():
    ap = argparse.ArgumentParser()
    for opt in ("--lantern", "--lanternctl", "--inbox", "--content", "--out"):
        ap.add_argument(opt, required=True)
    a = ap.parse_args()
    a.png_probe = "png_probe"
    shots = os.path.join(a.out, "inbox-browser")
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)
    with tempfile.TemporaryDirectory(prefix="lantern-browser-") as base:
        data = os.path.join(base, "kiosk")
        os.makedirs(data)
        p = run(a.lanternctl, "keygen", "--out", data, input=(env.PASSPHRASE + "\n") * 2)
        assert p.returncode == 0, p.stderr
        submit_from_kiosk(a, data, shots)
        cert, key = env.make_cert(base)
        config = os.path.join(base, "inbox.conf")
        os.makedirs(os.path.join(base, "inbox"))
        env.write_config(config, listen="127.0.0.1", port=0, cert=cert, cert_key=key,
                         data=os.path.join(base, "inbox"), private_key=os.path.join(data, "lantern-private.key"),
                         kiosk_db=os.path.join(data, "requests.db"), kiosk_name="lobby")
        p = run(a.lanternctl, "inbox", "add-user", "ana", "--config", config, input=env.PASSWORDS["ana"] + "\n")
        assert p.returncode == 0, p.stderr
        ib = Inbox(a.inbox, config, os.path.join(base, "inbox.log"))
        downloads = os.path.join(base, "downloads")
        os.makedirs(downloads)
        driver = browser(downloads)
        url = f"https://127.0.0.1:{ib.port}"
        try:
            driver.get(url + "/")
            check(driver.current_url.endswith("/login"), f"signed out: the sign-in page ({driver.current_url})")
            driver.save_screenshot(os.path.join(shots, "1-login.png"))
            driver.find_element(By.ID, "name").send_keys("ana")
            driver.find_element(By.ID, "password").send_keys(env.PASSWORDS["ana"])
            driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            wait_for(driver, lambda d: d.current_url.endswith("/unlock"), "the passphrase page after signing in")
            driver.save_screenshot(os.path.join(shots, "2-passphrase.png"))
            driver.find_element(By.ID, "passphrase").send_keys(env.PASSPHRASE)
            driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
            wait_for(driver, lambda d: d.title.startswith("(1) New requests"), "title with the count")
            body = driver.find_element(By.TAG_NAME, "body").text
            check(NAME in body and "(323) 402-1622" in body and "rosalind.test@example.org" in body,
                  "the kiosk's request is shown")
            check("morning" in body and "loved-one" in body and "lobby" in body and "just now" in body,
                  "best time, topic, kiosk and age")
            driver.save_screenshot(os.path.join(shots, "3-new-requests.png"))
            # Phone-sized.
            driver.set_window_size(390, 844)
            width = driver.execute_script("return document.documentElement.scrollWidth")
            check(width <= 390, f"no sideways scrolling on a phone ({width}px wide)")
            driver.save_screenshot(os.path.join(shots, "4-new-requests-phone.png"))
            driver.set_window_size(1280, 900)
            # CSV.
            driver.find_element(By.XPATH, "//button[text()='Download CSV']").click()
            deadline = time.monotonic() + 20
            files = []
            while time.monotonic() < deadline:
                files = [f for f in os.listdir(downloads) if f.endswith(".csv")]
                if files:
                    break
                time.sleep(0.1)
            check(len(files) == 1, f"the CSV was downloaded: {os.listdir(downloads)}")
            if files:
                rows = list(csv.reader(open(os.path.join(downloads, files[0]), encoding="utf-8")))
                check(len(rows) == 2 and rows[1][5] == NAME and rows[1][6] == "3234021622", f"CSV: {rows}")
            # One tap: reached.
            driver.find_element(By.XPATH, "//button[text()='Reached']").click()
            wait_for(driver, lambda d: d.title.startswith("(0) New requests"), "after Reached")
            driver.save_screenshot(os.path.join(shots, "5-after-reached.png"))
            driver.find_element(By.LINK_TEXT, "Handled").click()
            wait_for(driver, lambda d: d.title.startswith("Handled"), "the handled page")
            body = driver.find_element(By.TAG_NAME, "body").text
            check(NAME in body and "Reached, by ana" in body, "the handled list")
            driver.save_screenshot(os.path.join(shots, "6-handled.png"))
            driver.find_element(By.LINK_TEXT, "Audit log").click()
            wait_for(driver, lambda d: d.title.startswith("Audit log"), "the audit page")
            body = driver.find_element(By.TAG_NAME, "body").text
            check("recorded an outcome" in body and "downloaded CSV" in body and NAME not in body,
                  "the audit log, without request contents")
            driver.save_screenshot(os.path.join(shots, "7-audit.png"))
            driver.find_element(By.LINK_TEXT, "Upload a file from a kiosk").click()
            wait_for(driver, lambda d: d.title.startswith("Upload"), "the upload page")
            driver.save_screenshot(os.path.join(shots, "8-upload.png"))
            # The browser console: nothing blocked by the CSP, no errors.
            logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
            check(not logs, f"browser errors: {logs}")
            driver.find_element(By.XPATH, "//button[text()='Sign out']").click()
            wait_for(driver, lambda d: d.current_url.endswith("/login?why=signedout"), "signed out")
            check("You are signed out." in driver.find_element(By.TAG_NAME, "body").text, "signed-out notice")
            driver.save_screenshot(os.path.join(shots, "9-signed-out.png"))
            driver.get(url + "/")
            check(driver.current_url.endswith("/login"), "after signing out, the requests need signing in")
        finally:
            driver.quit()
            check(ib.stop() == 0, "the inbox stops cleanly")
        check(NAME not in ib.text() and "3234021622" not in ib.text(), "no request contents in the server log")
    print(f"inbox browser: {e2e.PASSES[0]} passed, {len(e2e.FAILS)} failed; screenshots in {shots}")
    return 1 if e2e.FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
