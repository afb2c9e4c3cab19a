using System.Reflection;

namespace Shuzhi.Core.Procedures;

/// <summary>Every <see cref="StatutoryRule"/> declared on <see cref="Rules"/> (all modules' partial files), by id.</summary>
public static class RuleBook
{
    private static readonly Lazy<IReadOnlyDictionary<string, StatutoryRule>> all = new(() =>
        typeof(Rules).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(StatutoryRule))
            .Select(f => (StatutoryRule)f.GetValue(null)!)
            .GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First()));

    public static IReadOnlyCollection<StatutoryRule> All => all.Value.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    public static StatutoryRule? Find(string id) => all.Value.GetValueOrDefault(id);
}
