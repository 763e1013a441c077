import { describe, expect, it } from "vitest";
import { renderLiquid } from "../../../src/content/templates/liquid.js";

const ctx = {
  baseUrl: "https://news.example.com",
  site: { repository: "https://github.com/jekyll/jekyll", title: "News" },
  data: { release: { sha256: { gz: "abc123" } } },
  includes: { "note.html": '<p class="x">{{ include.text }}</p>' },
};
const render = (body: string, page: Record<string, unknown> = {}) => renderLiquid(body, page, ctx);

describe("Jekyll's Liquid", () => {
  it("reads site.*, site.data.* and page.*", () => {
    expect(render("{{ site.repository }}/issues/1339").body).toBe("https://github.com/jekyll/jekyll/issues/1339");
    expect(render("SHA256: {{ site.data.release.sha256.gz }}").body).toBe("SHA256: abc123");
    expect(render("{{ page.title | upcase }}", { title: "Hi" }).body).toBe("HI");
  });

  it("link and post_url give the post's URL", () => {
    expect(render("[a]({% link _posts/2017-01-18-go-faster.markdown %})").body).toBe(
      "[a](https://news.example.com/posts/go-faster)",
    );
    expect(render("{% post_url 2010-07-21-name-of-post %}").body).toBe("https://news.example.com/posts/name-of-post");
  });

  it("highlight becomes a fenced code block; raw keeps its text", () => {
    expect(render("{% highlight ruby %}\nputs 1\n{% endhighlight %}").body.trim()).toBe("```ruby\nputs 1\n```");
    expect(render("{% raw %}{{ not.rendered }}{% endraw %}").body).toBe("{{ not.rendered }}");
  });

  it("include reads only the site's include files", () => {
    expect(render('{% include note.html text="Hello" %}').body).toBe('<p class="x">Hello</p>');
    const missing = render("{% include ../../etc/passwd %}");
    expect(missing.body).not.toMatch(/root:/);
    expect(missing.warnings).toHaveLength(1);
  });

  it("leaves fenced code as written, without its raw markers", () => {
    const body = "```liquid\n{% raw %}{{ page.title }}{% endraw %}\n{{ site.title }}\n```\n\n{{ site.title }}";
    expect(render(body).body).toBe("```liquid\n{{ page.title }}\n{{ site.title }}\n```\n\nNews");
  });

  it("a site's own tag keeps its inner content, with one warning at its line", () => {
    const { body, warnings } = render("a\n{% callout %}inner{% endcallout %}\n{% mytag x %}b");
    expect(body).toBe("a\ninner\nb");
    expect(warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(warnings[0]?.message).toMatch(/"callout" is this site's own/);
  });

  it("has Jekyll's filters", () => {
    expect(render("{{ '/about/' | absolute_url }}").body).toBe("https://news.example.com/about/");
    expect(render("{{ 'a & b' | xml_escape }}").body).toBe("a &amp; b");
    expect(render("{{ 'Hello World!' | slugify }}").body).toBe("hello-world");
  });

  it("youtube from a plugin becomes a linked thumbnail", () => {
    expect(render("{% youtube https://www.youtube.com/watch?v=eZ3OrhxUAmU %}").body).toContain(
      "https://www.youtube.com/watch?v=eZ3OrhxUAmU",
    );
  });
});
