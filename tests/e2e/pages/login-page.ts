import type { Browser } from "playwright-core";
import { cookieHeader } from "../support/http-probe";

/** The sign-in page at /login, through its data-testids. */
export class LoginPage {
  /**
   * Signs in with an API token in a fresh browser context, as a person would, and answers the
   * context's cookies as a Cookie header: whatever the session cookie is named or holds.
   */
  static async signIn(browser: Browser, baseUrl: string, token: string): Promise<string> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId("login-token").fill(token);
      await page.getByTestId("login-submit").click();
      await page.waitForURL((url) => url.pathname !== "/login", { timeout: 15_000 });
      const cookies = await context.cookies();
      if (cookies.length === 0) throw new Error("signing in through /login left no cookie in the browser");
      return cookieHeader(cookies);
    } finally {
      await context.close();
    }
  }
}
