// An independent FHIR R4 validator for the test suite: the npm package "fhir" (FHIR.js, R4 core
// definitions), not the Python library that builds our resources. One process per test session:
// each line on stdin is a JSON resource; each line on stdout is {"valid": bool, "errors": [...],
// "warnings": [...]} for it, in the same order.
"use strict";
const readline = require("readline");
const { Fhir } = require("fhir");

const fhir = new Fhir();
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });

lines.on("line", (line) => {
  let answer;
  try {
    const result = fhir.validate(JSON.parse(line), { errorOnUnexpected: true });
    const pick = (severity) =>
      result.messages.filter((m) => m.severity === severity).map((m) => `${m.location}: ${m.message}`);
    answer = { valid: result.valid, errors: pick("error"), warnings: pick("warning") };
  } catch (err) {
    answer = { valid: false, errors: [`validator failed: ${err.message}`], warnings: [] };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
