/**
 * What the simulated ECS reads from a container image: the failure it asks for by its tag
 * (`fail-pull`, `crash`, `unhealthy`, `flaky`, `slow`, alone or as a prefix like `crash-2`), the name the
 * container runtime resolves it to, and a stable fake digest. References are parsed by
 * `src/image`; one that grammar refuses (ECS itself accepts any string) is read leniently.
 *
 * @module
 */
import {
  formatImageReference,
  type ImageReference,
  parseImageReference,
} from "../image/image_reference.ts";
import type { Fault } from "./sim_records.ts";

/** The failures an image can ask for, the most severe first. */
export const FAULTS: readonly Fault[] = ["fail-pull", "crash", "unhealthy", "flaky", "slow"];

/** The tag an image reference spells out, if it has one. */
export function imageTag(image: string): string | undefined {
  const ref = parsed(image);
  if (ref) return ref.tag;
  const name = image.split("@")[0]!;
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/") ? name.slice(colon + 1) : undefined;
}

/** The failure mode an image asks for by its tag (`crash` or `crash-...`). */
export function faultOfImage(image: string): Fault {
  const tag = imageTag(image);
  if (tag === undefined) return "none";
  return FAULTS.find((f) => tag === f || tag.startsWith(`${f}-`)) ?? "none";
}

/** The image fully qualified as the container runtime resolves it. */
export function qualifiedImage(image: string): string {
  const ref = parsed(image);
  return ref ? formatImageReference(ref) : image;
}

/** A stable fake digest of an image reference (same image, same digest). */
export function digestOf(image: string): string {
  let h1 = 0x811c9dc5;
  let out = "";
  for (let round = 0; round < 8; round++) {
    for (const ch of `${round}:${image}`) h1 = Math.imul(h1 ^ ch.charCodeAt(0), 0x01000193);
    out += (h1 >>> 0).toString(16).padStart(8, "0");
  }
  return out;
}

function parsed(image: string): ImageReference | undefined {
  try {
    return parseImageReference(image);
  } catch {
    return undefined;
  }
}
