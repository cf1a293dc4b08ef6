package com.logistics.cdc.monitor.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's Chromium driven headless by its chromedriver; no download, no network beyond localhost. */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    private HeadlessChromium() {
    }

    /** A browser; without one the test fails in CI (which installs it) and is skipped elsewhere, saying what to install. */
    public static WebDriver open() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "needs Chromium: apt-get install chromium chromium-driver";
        if (System.getenv("CI") != null && !installed) {
            throw new AssertionError(missing + " (CI is set: .ci/run installs them)");
        }
        assumeTrue(installed, missing);
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1100");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }

    /**
     * The text of {@code element}. The dashboard re-renders its lists and panels with each update, so an element
     * found may be replaced before it is read: it is found again until it is read.
     */
    public static String text(WebDriverWait wait, By element) {
        return wait.ignoring(StaleElementReferenceException.class).until(browser -> browser.findElement(element).getText());
    }

    /** Clicks {@code element}, found again if an update replaced it first. */
    public static void click(WebDriverWait wait, By element) {
        wait.ignoring(StaleElementReferenceException.class).until(browser -> {
            browser.findElement(element).click();
            return true;
        });
    }

    /** Saves what the page shows to target/screenshots/{name}.png. */
    public static Path screenshot(WebDriver browser, String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path saved = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(saved.getParent());
        Files.copy(shot.toPath(), saved, StandardCopyOption.REPLACE_EXISTING);
        return saved;
    }
}
