/**
 * A bare ECS JSON 1.1 protocol call over fetch, for seeding servers (moto, the emulator) with
 * operations the EcsClient port does not have. The Authorization header is a syntactically
 * valid SigV4 header with a dummy signature: neither server verifies it, and moto reads the
 * region from its credential scope.
 */
export async function ecsJsonCall(
  endpoint: string,
  operation: string,
  input: Record<string, unknown>,
  region = "us-east-1",
): Promise<Record<string, unknown>> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AmazonEC2ContainerServiceV20141113.${operation}`,
      "x-amz-date": "20260101T000000Z",
      authorization:
        `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/${region}/ecs/aws4_request, ` +
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64),
    },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${operation} failed with HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  return text === "" ? {} : JSON.parse(text);
}
