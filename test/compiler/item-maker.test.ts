import { describe, expect, it } from "vitest";
import { lazyMemberOf, memberOf } from "../../src/compiler/item-maker.js";

describe("lazyMemberOf", () => {
  it("has the key and Related content a member made with them has, made from its refs when read, not held", () => {
    let refs = '[{"slug":"b"}]';
    const source = () => ({ post: undefined as never, image: undefined });
    const lazy = lazyMemberOf("a", "r1", () => refs, source);
    const eager = memberOf("a", "r1", refs, source);
    expect(lazy.key).toBe(eager.key);
    expect(lazy.refsJson).toBe(eager.refsJson);
    expect(lazy.slug).toBe("a");
    expect(lazy.renderKey).toBe("r1");
    expect(lazy.source).toBe(source);
    refs = "[]";
    expect(lazy.refsJson).toBe("[]");
    expect(lazy.key).toBe(memberOf("a", "r1", "[]").key);
  });
});
