using System.Text.RegularExpressions;
using Shuzhi.Core.Procedures;

namespace Shuzhi.Core.Tests.Procedures;

/// <summary>
/// Law as data for the portal's requests and objections (docs/portal-requests.md): the 苏州 rule quotes task 10 of
/// law/suzhou-2023-open-data-plan.txt (苏州市公共数据开放三年行动计划（2023—2025年）, as published); neither rule sets a period.
/// (The 贵州 rule is checked with the others by RuleTextTests.)
/// </summary>
public sealed class PortalRuleTextTests
{
    private static string Normalise(string s) => Regex.Replace(s, @"\s+", "");

    [Fact]
    public void The_objection_rule_quotes_task_10_of_the_Suzhou_plan()
    {
        var plan = Normalise(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "law", "suzhou-2023-open-data-plan.txt")));
        var quoted = Normalise(Rules.OpenDataObjection.Text);
        var at = plan.IndexOf(quoted, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{Rules.OpenDataObjection.Text}' is not in the plan");
        // Under task 10 (提升公共数据质量): the last numbered task before the quote.
        Assert.Equal("10.", Regex.Matches(plan[..at], @"(?<![0-9])[0-9]{1,2}\.(?=[^0-9])").Last().Value);
    }

    [Fact]
    public void Requests_and_objections_have_no_statutory_period_only_a_service_target()
    {
        Assert.Null(Rules.OpenDataRequest.Period);
        Assert.Null(Rules.OpenDataObjection.Period);
        Assert.Contains(RuleBook.All, r => r.Id == "GZ-30-REQUEST");
        Assert.Contains(RuleBook.All, r => r.Id == "SZ-10-OBJECTION");
    }
}
