import { it } from "vitest";
import { parseHcl } from "./hcl.js";
it("scratch", async () => {
  const src = { file: "main.tf", path: "/w/main.tf" };
  const t0 = performance.now();
  const body = await parseHcl(`terraform {
  backend "s3" {
    bucket = "b\\u00e9"
    n = 1e3
    neg = -2
    v = var.x
    f = file("x")
    o = { a = 1, "b" = [true, null], c = { d = "e" } }
    h = <<-EOT
      x
        y
    EOT
  }
}
`, src);
  console.log(performance.now() - t0);
  console.log(JSON.stringify(body, null, 1));
});
