import { describe, expect, it } from "vitest";
import { renderHugoShortcodes } from "../../../src/content/templates/hugo.js";

const ctx = { baseUrl: "https://news.example.com", site: { params: { repo: "https://git.example/site" } } };
const render = (body: string, page: Record<string, unknown> = {}) => renderHugoShortcodes(body, page, ctx);

describe("Hugo shortcodes", () => {
  it("param reads the page's front matter, then the site's params, in a link target", () => {
    const { body, warnings } = render("[originally posted]({{% param canonical_url %}})", {
      canonical_url: "https://old.example/post",
    });
    expect(body).toBe("[originally posted](https://old.example/post)");
    expect(warnings).toEqual([]);
    expect(render('{{< param "repo" >}}').body).toBe("https://git.example/site");
  });

  it("a missing param is empty, with a warning", () => {
    expect(render("x {{< param nope >}} y")).toEqual({
      body: "x  y",
      warnings: [{ line: 1, message: 'Hugo shortcode "param": no parameter "nope"' }],
    });
  });

  it("youtube, with or without spaces, becomes a linked thumbnail", () => {
    for (const code of ["{{<youtube eZ3OrhxUAmU>}}", '{{< youtube id="eZ3OrhxUAmU" >}}']) {
      const { body } = render(code);
      expect(body).toContain('<a href="https://www.youtube.com/watch?v=eZ3OrhxUAmU">');
      expect(body).toContain('src="https://i.ytimg.com/vi/eZ3OrhxUAmU/hqdefault.jpg"');
      expect(body).not.toContain("{{");
    }
  });

  it("figure becomes a figure with its caption and credit", () => {
    const { body } = render('{{< figure src="/img/a.png" alt="A map" caption="The area" attr="© Me" >}}');
    expect(body.trim()).toBe(
      '<figure><img src="/img/a.png" alt="A map"><figcaption>The area © Me</figcaption></figure>',
    );
  });

  it("highlight becomes a fenced code block, with inner code untouched", () => {
    const { body } = render("{{< highlight go >}}\nfunc main() { fmt.Println(`{{ .Title }}`) }\n{{< /highlight >}}");
    expect(body.trim()).toBe("```go\nfunc main() { fmt.Println(`{{ .Title }}`) }\n```");
  });

  it("ref and relref link to the post by its file name", () => {
    expect(render('[see]({{< ref "posts/2021-04-01-hello.md" >}})').body).toBe(
      "[see](https://news.example.com/posts/hello)",
    );
    expect(render('{{< relref "bundle/index.md#part" >}}').body).toBe("https://news.example.com/posts/bundle#part");
  });

  it("details wraps, comment disappears, and gist, x, vimeo and instagram become links", () => {
    expect(render('{{< details summary="More" >}}Hidden{{< /details >}}').body).toContain(
      "<details><summary>More</summary>",
    );
    expect(render("a{{< comment >}}secret{{< /comment >}}b").body).toBe("ab");
    expect(render("{{< gist spf13 7896402 >}}").body).toContain("https://gist.github.com/spf13/7896402");
    expect(render('{{< x user="SanDiegoZoo" id="1453110110599868418" >}}').body).toContain(
      "https://x.com/SanDiegoZoo/status/1453110110599868418",
    );
    expect(render("{{< vimeo 55073825 >}}").body).toContain("https://vimeo.com/55073825");
    expect(render("{{< instagram CxOWiQNP2MO >}}").body).toContain("https://www.instagram.com/p/CxOWiQNP2MO/");
  });

  it("a site's own shortcode keeps its inner content, with one warning at its line", () => {
    const { body, warnings } = render("Intro\n\n{{< notice warning >}}\nBe careful.\n{{< /notice >}}");
    expect(body).toBe("Intro\n\n\nBe careful.\n");
    expect(warnings).toEqual([
      {
        line: 3,
        message: 'Hugo shortcode "notice" is this site\'s own and cannot be run here; its inner content is kept',
      },
    ]);
  });

  it("the escaped form stays as the literal shortcode", () => {
    expect(render("Write `{{</* figure src=x */>}}`").body).toBe("Write `{{< figure src=x >}}`");
  });
});
