package com.logistics.cdc.monitor.dashboard;

import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.sql.DriverManager;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's chromium + chromium-driver; .ci/run installs them): rows
 * inserted in PostgreSQL appear on the page within seconds, and a click shows the package's history.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"),
        @ResourceArg(name = LocalStackResource.DATASOURCE, value = "false")})
class DashboardBrowserTest {

    @TestHTTPResource("/")
    URL dashboard;

    @InjectLocalStack
    LocalStack stack;

    @Test
    void movementsInsertedInTheDatabaseAppearLiveAndAClickShowsTheHistory() throws Exception {
        WebDriver browser = HeadlessChromium.open();
        try {
            browser.get(dashboard.toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));

            String code = "UI" + Long.toString(System.nanoTime(), 36).toUpperCase();
            var config = stack.config();
            try (var db = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
                db.createStatement().execute("INSERT INTO package_status (tracking_code, customer_id, actual_address, "
                        + "next_address, status) VALUES ('" + code + "', 3, 'Rua do Bom Jesus 125, Recife - PE', "
                        + "'Centro de Distribuição Jaboatão - PE', 'Package Posted')");
                db.createStatement().execute("UPDATE package_status SET status = 'In Transit', actual_address = next_address,"
                        + " next_address = 'Centro de Distribuição Caruaru - PE', version = version + 1 WHERE tracking_code = '" + code + "'");
            }

            long inserted = System.nanoTime();
            By row = By.cssSelector("#latest tr[data-tracking-code='" + code + "']");
            wait.until(ExpectedConditions.numberOfElementsToBe(row, 2));
            long seconds = (System.nanoTime() - inserted) / 1_000_000_000L;
            assertThat(seconds).as("seconds until the page showed both movements").isLessThan(20);
            assertThat(HeadlessChromium.text(wait, By.id("events"))).isNotEqualTo("0");
            assertThat(HeadlessChromium.text(wait, By.id("statuses"))).contains("In Transit");

            HeadlessChromium.click(wait, row);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history-panel")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "Caruaru"));
            assertThat(HeadlessChromium.text(wait, By.id("history"))).contains("Package Posted").contains("In Transit");

            assertThat(HeadlessChromium.screenshot(browser, "dashboard")).isNotEmptyFile();
        } finally {
            browser.quit();
        }
    }
}
