// Teardown shared by test files: close what a file started, in a fixed order.

/** Closes what a test file started, one after the other in the order given (a browser before the server it talks to). */
export async function closeInOrder(...resources: readonly { close: () => Promise<void> }[]): Promise<void> {
  for (const resource of resources) await resource.close();
}
