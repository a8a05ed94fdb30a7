// The UPI pay page over HTTP, asked the way a browser asks: a name with an apostrophe (which the
// browser re-encodes before sending) opens the page; an altered amount is a 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upiPageKey, upiPageUrl } from '../../src/bot/upi.js';
import { createHttpServer, type HttpServer, localUrl } from '../../src/http/server.js';
import { upiRoutes } from '../../src/http/upi.js';
import { Decimal } from '../../src/ledger/index.js';
import { silentLogger } from '../../src/log.js';

describe('the UPI pay page', () => {
  const key = upiPageKey('123:token-for-tests-only-abcdefgh');
  let http: HttpServer;
  let base: string;
  beforeAll(async () => {
    http = createHttpServer({ routes: upiRoutes({ key }), logger: silentLogger });
    base = localUrl(await http.listen(0, '127.0.0.1'));
  });
  afterAll(() => http.close());

  it("opens for Rohan D'Souza, whose apostrophe the browser sends as %27", async () => {
    const url = upiPageUrl(base, key, { upiId: 'rohan@ybl', name: "Rohan D'Souza" }, new Decimal('250'));
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Pay ₹250.00 to Rohan D'Souza with your UPI app");
    expect(html).toContain(`content="0;url=upi://pay?pa=rohan@ybl&amp;pn=Rohan%20D'Souza&amp;am=250.00`);
    expect((await fetch(url.replace('am=250.00', 'am=2500.00'))).status).toBe(404);
  });
});
