using System.Text.RegularExpressions;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;

namespace Shuzhi.Core.Tests.Procedures;

/// <summary>
/// Law as data: every statutory rule quotes the words of its article, and those words — with the period's number —
/// are in the source text (law/guizhou-2023-13.txt: 贵州省政务数据资源管理办法, 黔府办发〔2023〕13号, as published).
/// </summary>
public sealed class RuleTextTests
{
    private static readonly string Measures = Normalise(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "law", "guizhou-2023-13.txt")));

    private static string Normalise(string s) => Regex.Replace(s, @"\s+", "");

    public static TheoryData<string> GuizhouRules() => [.. RuleBook.All.Where(r => r.Citation.StartsWith("贵州省政务数据资源管理办法")).Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(GuizhouRules))]
    public void The_quoted_words_are_in_the_article_the_rule_cites(string id)
    {
        var rule = RuleBook.Find(id)!;
        var quoted = Normalise(rule.Text);
        var at = Measures.IndexOf(quoted, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{id}: '{rule.Text}' is not in the text of the measures");
        // The quote sits under the article cited: the last article heading before it is the one named.
        var article = Regex.Match(rule.Citation, "第[一二三四五六七八九十]+条").Value;
        var heading = Regex.Matches(Measures[..at], "第[一二三四五六七八九十]+条(?=[^，。、的]|$)").Last().Value;
        Assert.Equal(article, heading);
        if (rule.Period is { } p && p.Unit == PeriodUnit.WorkingDays)
            Assert.Contains($"{p.Length}个工作日", quoted);
    }

    [Fact]
    public void The_sharing_periods_are_those_of_articles_23_to_25()
    {
        Assert.Equal(new Period(5, PeriodUnit.WorkingDays), Rules.SharingConformityReview.Period);
        Assert.Equal(new Period(5, PeriodUnit.WorkingDays), Rules.SharingProviderReply.Period);
        Assert.Equal(new Period(10, PeriodUnit.WorkingDays), Rules.SharingUsageFeedback.Period);
        Assert.Equal(new Period(5, PeriodUnit.WorkingDays), Rules.SharingStopNotice.Period);
        Assert.Equal(new Period(10, PeriodUnit.WorkingDays), Rules.SharingCorrection.Period);
        Assert.Null(Rules.SharingNegotiation.Period);
        Assert.Null(Rules.SharingGovernmentDecision.Period);
        Assert.Null(Rules.SharingReassessment.Period);
    }

    [Fact]
    public void The_opening_periods_are_those_of_articles_31_and_33()
    {
        Assert.Equal(new Period(5, PeriodUnit.WorkingDays), Rules.OpeningConformityReview.Period);
        Assert.Equal(new Period(10, PeriodUnit.WorkingDays), Rules.OpeningProviderReply.Period);
        Assert.Equal(new Period(5, PeriodUnit.WorkingDays), Rules.OpeningOpen.Period);
        Assert.Null(Rules.OpeningWithdrawal.Period);
    }
}
