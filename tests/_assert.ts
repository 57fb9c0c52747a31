// The one module the test suites take their assertions from. On a machine that reaches JSR,
// moving to @std/assert means changing these re-exports only.

export {
  deepEqual as assertEquals,
  equal as assertStrictEquals,
  match as assertMatch,
  notEqual as assertNotEquals,
  ok as assert,
  rejects as assertRejects,
  throws as assertThrows,
} from "node:assert/strict";
export { assertAllClose, relError } from "../lib/mod.ts";
