using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Catalogue;

/// <summary>
/// Demo catalogue: realistic entries of the demo departments at province, city and county level, created through
/// the handlers (so they pass validation) as the system actor. Mostly published; some drafts, submitted and returned;
/// conditional sharing with its legal basis; one registered change with a running update clock; one 一数一源 conflict.
/// </summary>
public sealed class CatalogueDemoSeeder(CreateDraft create, SubmitEntry submit, ReviewEntry review, RegisterChange register, CaseDeskAccess cases) : IDemoSeeder
{
    public int Order => 10;

    private static FieldSpec F(string name, FieldType type, string description, Sensitivity s = Sensitivity.Internal, bool id = false, string? auth = null)
        => new() { Name = name, Type = type, Description = description, Sensitivity = s, IsIdentifier = id, AuthoritativeItem = auth };

    private static FieldSpec IdCard(string? auth = null) => F("居民身份证号码", FieldType.IdCardNumber, "公民身份号码（GB 11643）", Sensitivity.Personal, true, auth);
    private static FieldSpec Credit(string? auth = null) => F("统一社会信用代码", FieldType.CreditCode, "统一社会信用代码（GB 32100）", Sensitivity.Public, true, auth);
    private static FieldSpec Name(string label = "姓名") => F(label, FieldType.String, label, Sensitivity.Personal);
    private static FieldSpec OrgName(string label = "名称") => F(label, FieldType.String, label, Sensitivity.Public);

    private sealed record T(string Dept, string Name, string Summary, string Business, string System, CatalogueCategory Category, string Domain,
        ShareType Share, string? Basis, OpenType Open, string? OpenReason, DataGrade Grade, UpdateCycle Cycle, SubjectKind Subject, FieldSpec[] Fields,
        string Formats = "数据库表；API");

    private const string IdCardLaw = "《中华人民共和国居民身份证法》第十九条；《中华人民共和国个人信息保护法》第三十四条";
    private const string PersonalOpen = "涉及个人信息，依据《中华人民共和国个人信息保护法》不予开放";

    private static readonly T[] Templates =
    [
        // 公安
        new("GA", "人口基础信息", "全省常住人口、户籍人口的身份基础信息，是人口基础库的核心数据。", "户籍管理", "公安人口信息管理系统", CatalogueCategory.Base, "公共安全",
            ShareType.Unconditional, null, OpenType.NotOpen, PersonalOpen, DataGrade.Important, UpdateCycle.Daily, SubjectKind.NaturalPersons,
            [IdCard("GB11643.居民身份证号码"), Name(), F("性别", FieldType.Code, "GB/T 2261.1 性别代码", Sensitivity.Personal), F("出生日期", FieldType.Date, "出生日期", Sensitivity.Personal),
             F("民族", FieldType.Code, "GB 3304 民族代码", Sensitivity.Personal), F("户籍地址", FieldType.String, "户籍所在地详细地址", Sensitivity.Personal)]),
        new("GA", "居民户籍信息", "居民户口登记、迁入迁出、变更记录。", "户口登记", "公安人口信息管理系统", CatalogueCategory.Departmental, "公共安全",
            ShareType.Conditional, IdCardLaw, OpenType.NotOpen, PersonalOpen, DataGrade.Important, UpdateCycle.Daily, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("户号", FieldType.String, "户口簿编号", Sensitivity.Personal), F("与户主关系", FieldType.Code, "家庭关系代码", Sensitivity.Personal),
             F("迁入日期", FieldType.Date, "迁入本户日期", Sensitivity.Personal), F("登记机关", FieldType.String, "户口登记机关", Sensitivity.Internal)]),
        new("GA", "出入境证件信息", "普通护照、往来港澳通行证等出入境证件签发记录。", "出入境管理", "出入境管理信息系统", CatalogueCategory.Departmental, "公共安全",
            ShareType.Conditional, "《中华人民共和国出境入境管理法》；《中华人民共和国护照法》", OpenType.NotOpen, PersonalOpen, DataGrade.Important, UpdateCycle.Daily, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("证件类型", FieldType.Code, "出入境证件类型代码"), F("证件号码", FieldType.String, "证件号码", Sensitivity.Personal), F("签发日期", FieldType.Date, "签发日期"), F("有效期至", FieldType.Date, "有效期截止日期")]),
        new("GA", "机动车登记信息", "机动车注册、转移、抵押、注销登记信息。", "车辆管理", "机动车驾驶人管理系统", CatalogueCategory.Departmental, "交通运输",
            ShareType.Unconditional, null, OpenType.Conditional, "经脱敏后按申请有条件开放", DataGrade.General, UpdateCycle.Daily, SubjectKind.None,
            [F("号牌号码", FieldType.String, "机动车号牌号码"), F("号牌种类", FieldType.Code, "GA 24.7 号牌种类代码"), F("车辆类型", FieldType.Code, "车辆类型代码"), F("注册登记日期", FieldType.Date, "初次登记日期"), F("使用性质", FieldType.Code, "营运/非营运")]),
        new("GA", "驾驶人信息", "机动车驾驶证申领、换证、记分信息。", "驾驶人管理", "机动车驾驶人管理系统", CatalogueCategory.Departmental, "交通运输",
            ShareType.Conditional, "《中华人民共和国道路交通安全法》第十九条", OpenType.NotOpen, PersonalOpen, DataGrade.General, UpdateCycle.Daily, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("准驾车型", FieldType.Code, "准驾车型代号"), F("初次领证日期", FieldType.Date, "初次领证日期"), F("累积记分", FieldType.Integer, "本周期累积记分", Sensitivity.Personal)]),
        // 市场监管
        new("SC", "企业登记信息", "企业设立、变更、注销登记的基础信息，是法人单位基础库的核心数据。", "企业登记注册", "市场主体登记管理系统", CatalogueCategory.Base, "市场监管",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.RealTime, SubjectKind.Organisations,
            [Credit("GB32100.统一社会信用代码"), OrgName("企业名称"), F("法定代表人", FieldType.String, "法定代表人姓名", Sensitivity.Public), F("注册资本", FieldType.Decimal, "注册资本（万元）", Sensitivity.Public),
             F("成立日期", FieldType.Date, "成立日期", Sensitivity.Public), F("登记状态", FieldType.Code, "存续/注销/吊销", Sensitivity.Public), F("住所", FieldType.String, "住所", Sensitivity.Public)]),
        new("SC", "个体工商户信息", "个体工商户登记注册信息。", "个体工商户登记", "市场主体登记管理系统", CatalogueCategory.Departmental, "市场监管",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.Daily, SubjectKind.Organisations,
            [Credit(), OrgName("字号名称"), F("经营者", FieldType.String, "经营者姓名", Sensitivity.Public), F("经营范围", FieldType.Text, "经营范围", Sensitivity.Public), F("组成形式", FieldType.Code, "个人经营/家庭经营", Sensitivity.Public)]),
        new("SC", "食品经营许可信息", "食品经营许可证核发、延续、变更、注销信息。", "食品经营许可", "食品安全监管系统", CatalogueCategory.Thematic, "食品安全",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.Daily, SubjectKind.Organisations,
            [Credit(), OrgName("经营者名称"), F("许可证编号", FieldType.String, "食品经营许可证编号", Sensitivity.Public), F("经营项目", FieldType.Text, "经营项目", Sensitivity.Public), F("有效期至", FieldType.Date, "有效期至", Sensitivity.Public)]),
        new("SC", "行政处罚信息", "市场监管领域行政处罚决定信息。", "行政执法", "市场监管综合执法系统", CatalogueCategory.Thematic, "社会信用",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.Daily, SubjectKind.Organisations,
            [Credit(), OrgName("当事人名称"), F("处罚决定书文号", FieldType.String, "文号", Sensitivity.Public), F("违法行为类型", FieldType.String, "违法行为类型", Sensitivity.Public), F("处罚决定日期", FieldType.Date, "决定日期", Sensitivity.Public)]),
        // 人社
        new("RS", "社会保险参保信息", "职工养老、失业、工伤保险参保登记与缴费信息。", "社会保险经办", "人社一体化信息平台", CatalogueCategory.Departmental, "社会保障",
            ShareType.Conditional, "《中华人民共和国社会保险法》第八十一条", OpenType.NotOpen, PersonalOpen, DataGrade.Important, UpdateCycle.Daily, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("险种类型", FieldType.Code, "养老/失业/工伤"), F("参保状态", FieldType.Code, "参保缴费/暂停缴费/终止"), F("参保单位", FieldType.String, "参保单位名称"), F("缴费基数", FieldType.Decimal, "月缴费基数（元）", Sensitivity.Personal)]),
        new("RS", "就业登记信息", "劳动者就业、失业登记信息。", "就业服务", "人社一体化信息平台", CatalogueCategory.Departmental, "社会保障",
            ShareType.Conditional, "《中华人民共和国就业促进法》；《就业服务与就业管理规定》", OpenType.NotOpen, PersonalOpen, DataGrade.General, UpdateCycle.Daily, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("就业状态", FieldType.Code, "就业/失业"), F("用人单位", FieldType.String, "用人单位名称"), F("登记日期", FieldType.Date, "登记日期")]),
        new("RS", "职业资格证书信息", "职业资格、职业技能等级证书核发信息。", "职业能力建设", "职业技能鉴定系统", CatalogueCategory.Departmental, "社会保障",
            ShareType.Unconditional, null, OpenType.Conditional, "仅向持证人本人及经授权单位开放查询", DataGrade.General, UpdateCycle.Monthly, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("证书编号", FieldType.String, "证书编号"), F("职业名称", FieldType.String, "职业（工种）名称"), F("等级", FieldType.Code, "一级至五级"), F("发证日期", FieldType.Date, "发证日期")]),
        // 自然资源
        new("ZR", "不动产登记信息", "土地、房屋等不动产权利登记信息。", "不动产登记", "不动产登记信息管理基础平台", CatalogueCategory.Base, "自然资源",
            ShareType.Unconditional, null, OpenType.NotOpen, "依据《不动产登记暂行条例》第二十七条，仅权利人、利害关系人可依法查询", DataGrade.Important, UpdateCycle.RealTime, SubjectKind.None,
            [F("不动产单元号", FieldType.String, "不动产单元代码（GB/T 37346）"), F("不动产权证书号", FieldType.String, "证书号"), F("权利人", FieldType.String, "权利人名称", Sensitivity.Personal),
             F("坐落", FieldType.String, "不动产坐落"), F("权利类型", FieldType.Code, "国有建设用地使用权/房屋所有权等"), F("登记日期", FieldType.Date, "登簿日期")]),
        new("ZR", "国土空间规划信息", "国土空间总体规划、详细规划成果信息。", "国土空间规划", "国土空间基础信息平台", CatalogueCategory.Base, "自然资源",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.Yearly, SubjectKind.None,
            [F("规划名称", FieldType.String, "规划名称", Sensitivity.Public), F("规划层级", FieldType.Code, "省/市/县/乡镇", Sensitivity.Public), F("批复文号", FieldType.String, "批复文号", Sensitivity.Public), F("规划期限", FieldType.String, "规划期限", Sensitivity.Public)], "SHP；GeoJSON"),
        new("ZR", "地质灾害隐患点信息", "地质灾害隐患点位置、类型、威胁对象信息。", "地质灾害防治", "地质灾害防治信息系统", CatalogueCategory.Thematic, "应急管理",
            ShareType.Unconditional, null, OpenType.Conditional, "涉及防灾部署，经审核后向相关单位开放", DataGrade.General, UpdateCycle.Quarterly, SubjectKind.None,
            [F("隐患点编号", FieldType.String, "隐患点统一编号"), F("灾害类型", FieldType.Code, "滑坡/崩塌/泥石流/地面塌陷"), F("经度", FieldType.Decimal, "经度"), F("纬度", FieldType.Decimal, "纬度"), F("威胁人数", FieldType.Integer, "威胁人数")]),
        // 卫生健康
        new("WJ", "医疗机构信息", "医疗机构执业登记、校验信息。", "医疗机构管理", "卫生健康监督信息系统", CatalogueCategory.Departmental, "卫生健康",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.Monthly, SubjectKind.Organisations,
            [Credit(), OrgName("机构名称"), F("执业许可证登记号", FieldType.String, "登记号", Sensitivity.Public), F("机构类别", FieldType.Code, "医院/卫生院/诊所等", Sensitivity.Public), F("床位数", FieldType.Integer, "核定床位数", Sensitivity.Public), F("地址", FieldType.String, "地址", Sensitivity.Public)]),
        new("WJ", "执业医师信息", "医师执业注册信息。", "医师执业注册", "医师电子化注册系统", CatalogueCategory.Departmental, "卫生健康",
            ShareType.Unconditional, null, OpenType.Conditional, "仅开放姓名、执业范围、执业机构，其余字段脱敏", DataGrade.General, UpdateCycle.Monthly, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("医师执业证书编码", FieldType.String, "证书编码"), F("执业类别", FieldType.Code, "临床/中医/口腔/公共卫生"), F("执业范围", FieldType.String, "执业范围"), F("主要执业机构", FieldType.String, "执业机构名称")]),
        new("WJ", "出生医学证明信息", "出生医学证明签发信息。", "妇幼健康", "妇幼保健信息系统", CatalogueCategory.Thematic, "卫生健康",
            ShareType.Conditional, "《中华人民共和国母婴保健法》第二十三条；《中华人民共和国个人信息保护法》", OpenType.NotOpen, PersonalOpen, DataGrade.Important, UpdateCycle.Daily, SubjectKind.NaturalPersons,
            [F("出生医学证明编号", FieldType.String, "证明编号", Sensitivity.Personal), F("新生儿姓名", FieldType.String, "姓名", Sensitivity.Personal), F("出生日期", FieldType.DateTime, "出生时间", Sensitivity.Personal),
             F("母亲居民身份证号码", FieldType.IdCardNumber, "母亲身份证号码", Sensitivity.Personal, true), F("签发机构", FieldType.String, "签发医疗机构")]),
        // 教育
        new("JY", "学校基本信息", "各级各类学校办学基本信息。", "学校管理", "教育管理信息系统", CatalogueCategory.Departmental, "教育",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.Yearly, SubjectKind.Organisations,
            [Credit(), OrgName("学校名称"), F("学校标识码", FieldType.String, "教育部学校标识码", Sensitivity.Public), F("办学类型", FieldType.Code, "小学/初中/高中/中职等", Sensitivity.Public), F("在校生数", FieldType.Integer, "在校学生人数", Sensitivity.Public)]),
        new("JY", "学生学籍信息", "中小学生学籍注册、转学、毕业信息。", "学籍管理", "全国中小学生学籍信息管理系统", CatalogueCategory.Departmental, "教育",
            ShareType.Conditional, "《中小学生学籍管理办法》第二十四条；《中华人民共和国未成年人保护法》", OpenType.NotOpen, "涉及未成年人个人信息，不予开放", DataGrade.Important, UpdateCycle.Monthly, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("全国学籍号", FieldType.String, "学籍号", Sensitivity.Personal), F("就读学校", FieldType.String, "学校名称"), F("年级", FieldType.Code, "年级代码")]),
        new("JY", "教师资格信息", "教师资格认定与证书信息。", "教师资格认定", "教师资格管理信息系统", CatalogueCategory.Departmental, "教育",
            ShareType.Unconditional, null, OpenType.Conditional, "仅向持证人及经授权单位开放核验", DataGrade.General, UpdateCycle.Monthly, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("教师资格证书号码", FieldType.String, "证书号码"), F("资格种类", FieldType.Code, "幼儿园/小学/初中/高中等"), F("任教学科", FieldType.String, "任教学科"), F("认定日期", FieldType.Date, "认定日期")]),
        // 民政
        new("MZ", "婚姻登记信息", "结婚、离婚、补领婚姻登记证信息。", "婚姻登记", "全国婚姻登记信息系统", CatalogueCategory.Departmental, "民政",
            ShareType.Conditional, "《婚姻登记条例》；《中华人民共和国个人信息保护法》第三十四条", OpenType.NotOpen, PersonalOpen, DataGrade.Important, UpdateCycle.Daily, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("配偶居民身份证号码", FieldType.IdCardNumber, "配偶身份证号码", Sensitivity.Personal), F("登记类型", FieldType.Code, "结婚/离婚/补领"), F("登记日期", FieldType.Date, "登记日期"), F("登记机关", FieldType.String, "婚姻登记机关")]),
        new("MZ", "养老服务机构信息", "养老机构备案、床位与服务信息。", "养老服务管理", "全国养老服务信息系统", CatalogueCategory.Thematic, "民政",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.Monthly, SubjectKind.Organisations,
            [Credit(), OrgName("机构名称"), F("床位数", FieldType.Integer, "床位总数", Sensitivity.Public), F("收住老人数", FieldType.Integer, "在住老人数", Sensitivity.Public), F("备案日期", FieldType.Date, "备案日期", Sensitivity.Public), F("地址", FieldType.String, "地址", Sensitivity.Public)]),
        new("MZ", "社会组织登记信息", "社会团体、民办非企业单位、基金会登记信息。", "社会组织管理", "社会组织信息管理系统", CatalogueCategory.Departmental, "民政",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.Weekly, SubjectKind.Organisations,
            [Credit(), OrgName("社会组织名称"), F("组织类型", FieldType.Code, "社会团体/民办非企业单位/基金会", Sensitivity.Public), F("业务主管单位", FieldType.String, "业务主管单位", Sensitivity.Public), F("成立登记日期", FieldType.Date, "成立登记日期", Sensitivity.Public)]),
        new("MZ", "最低生活保障信息", "城乡低保对象认定与救助金发放信息。", "社会救助", "社会救助信息系统", CatalogueCategory.Thematic, "社会救助",
            ShareType.Conditional, "《社会救助暂行办法》第六十一条", OpenType.NotOpen, PersonalOpen, DataGrade.Important, UpdateCycle.Monthly, SubjectKind.NaturalPersons,
            [IdCard(), Name(), F("保障类型", FieldType.Code, "城市低保/农村低保"), F("保障人数", FieldType.Integer, "家庭保障人数"), F("月保障金额", FieldType.Decimal, "元", Sensitivity.Personal)]),
        // 住建
        new("ZJ", "建筑业企业资质信息", "建筑业企业资质核准信息。", "建筑市场监管", "建筑市场监管公共服务平台", CatalogueCategory.Departmental, "城乡建设",
            ShareType.Unconditional, null, OpenType.Unconditional, null, DataGrade.General, UpdateCycle.Weekly, SubjectKind.Organisations,
            [Credit(), OrgName("企业名称"), F("资质证书编号", FieldType.String, "证书编号", Sensitivity.Public), F("资质类别及等级", FieldType.String, "资质类别和等级", Sensitivity.Public), F("有效期至", FieldType.Date, "有效期至", Sensitivity.Public)]),
        new("ZJ", "商品房网签备案信息", "新建商品房买卖合同网签备案信息。", "房地产市场监管", "房屋交易管理系统", CatalogueCategory.Departmental, "城乡建设",
            ShareType.Conditional, "《城市商品房预售管理办法》第十条；《中华人民共和国个人信息保护法》", OpenType.NotOpen, PersonalOpen, DataGrade.General, UpdateCycle.Daily, SubjectKind.None,
            [F("合同备案号", FieldType.String, "备案号"), F("项目名称", FieldType.String, "项目名称"), F("房屋坐落", FieldType.String, "坐落"), F("建筑面积", FieldType.Decimal, "平方米"), F("成交价格", FieldType.Decimal, "元", Sensitivity.Sensitive)]),
    ];

    /// <summary>City and county departments keep their own departmental catalogues (base catalogues are provincial, 贵州 art.10).</summary>
    private static readonly (string Division, string DivisionName, string[] Names)[] Local =
    [
        ("520100", "贵阳市", ["居民户籍信息", "机动车登记信息", "个体工商户信息", "食品经营许可信息", "社会保险参保信息", "就业登记信息", "医疗机构信息", "学校基本信息", "婚姻登记信息", "养老服务机构信息", "商品房网签备案信息", "地质灾害隐患点信息"]),
        ("520300", "遵义市", ["居民户籍信息", "个体工商户信息", "社会保险参保信息", "医疗机构信息", "学校基本信息", "养老服务机构信息", "最低生活保障信息"]),
        ("520102", "南明区", ["居民户籍信息", "个体工商户信息", "就业登记信息", "地质灾害隐患点信息"]),
        ("520103", "云岩区", ["居民户籍信息", "食品经营许可信息", "社会保险参保信息"]),
        ("520302", "红花岗区", ["居民户籍信息", "个体工商户信息"]),
    ];

    public async Task SeedAsync(ShuzhiDb db, CancellationToken ct)
    {
        if (await db.Set<CatalogueEntry>().AnyAsync(ct)) return;
        var sys = Actor.System;
        var published = new List<string>();

        async Task<string> Make(T t, string division, string? prefix, string state, string? note = null)
        {
            var a = Attributes(t, prefix);
            var d = await create.Handle(sys, new CreateDraft.Command(a, ProviderCode: $"{division}-{t.Dept}"), ct);
            if (state is "Submitted" or "Published" or "Returned") await submit.Handle(sys, new SubmitEntry.Command(d.Code), ct);
            if (state == "Published") await review.Handle(sys, new ReviewEntry.Command(d.Code, "approve", "符合目录编制指南，予以发布"), ct);
            if (state == "Returned") await review.Handle(sys, new ReviewEntry.Command(d.Code, "return", note ?? "数据项描述不完整，请补充各数据项的代码标准后重新报送"), ct);
            return d.Code;
        }

        // Province: every template, published — except a few kept in the working states.
        var working = new Dictionary<string, string>
        {
            ["教师资格信息"] = "Draft", ["商品房网签备案信息"] = "Submitted", ["出入境证件信息"] = "Returned", ["最低生活保障信息"] = "Submitted",
        };
        foreach (var t in Templates)
            published.Add(await Make(t, "520000", null, working.GetValueOrDefault(t.Name, "Published")));

        // Cities and counties: departmental copies, mostly published.
        var i = 0;
        foreach (var (division, divisionName, names) in Local)
        {
            foreach (var name in names)
            {
                var t = Templates.First(x => x.Name == name);
                if (division.Length == 6 && !division.EndsWith("00") && t.Dept is not ("GA" or "SC" or "RS" or "ZR")) continue;
                var local = t with { Category = t.Category == CatalogueCategory.Base ? CatalogueCategory.Departmental : t.Category };
                var state = (i++ % 9) switch { 4 => "Draft", 7 => "Submitted", _ => "Published" };
                await Make(local, division, divisionName, state);
            }
        }

        if (!cases.Available) return; // the Cases module provides the clocks below
        // 一数一源 (art.13): the provincial human-resources department also claims 居民身份证号码, which the
        // provincial public-security department already provides as the authoritative source.
        var rs = Templates.First(x => x.Name == "社会保险参保信息") with
        {
            Name = "社会保险待遇领取人员信息", Summary = "养老保险待遇领取人员身份与领取资格信息。", Domain = "社会保障",
            Fields = [IdCard("GB11643.居民身份证号码"), Name(), F("待遇类型", FieldType.Code, "基本养老金/遗属待遇"), F("领取资格认证日期", FieldType.Date, "最近一次资格认证日期")],
        };
        await Make(rs, "520000", null, "Submitted");

        // A change in law (art.9): the Guiyang human-resources bureau must update two entries within 10 working days.
        var gyRs = await db.Set<CatalogueEntry>().AsNoTracking().Where(e => e.ProviderCode == "520100-RS").OrderBy(e => e.Code).Select(e => e.Code).ToListAsync(ct);
        await register.Handle(sys, new RegisterChange.Command("Law", new DateOnly(2026, 9, 25),
            "《社会保险经办条例》施行，参保登记与待遇领取数据项需调整", gyRs), ct);
    }

    private static EntryAttributes Attributes(T t, string? prefix) => new()
    {
        Name = prefix is null ? t.Name : $"{prefix}{t.Name}",
        Summary = prefix is null ? t.Summary : $"{prefix}{t.Summary}",
        SourceBusiness = t.Business, SourceSystem = t.System, Category = t.Category, Domain = t.Domain,
        Fields = [.. t.Fields], ShareType = t.Share, ShareBasis = t.Basis, OpenType = t.Open, OpenReason = t.OpenReason,
        Grade = t.Grade, UsageRequirements = t.Share == ShareType.Unconditional ? "仅限履职使用，不得提供给第三方（贵州省政务数据资源管理办法第二十二条）" : "按批准的用途、范围和期限使用，使用后 10 个工作日内反馈使用情况",
        UpdateCycle = t.Cycle, Formats = t.Formats.Split('；').ToList(), QualityStandard = "《贵州省政务数据质量管理规范》",
        SubjectKind = t.Subject,
        IdentifierField = t.Subject switch
        {
            SubjectKind.NaturalPersons => t.Fields.First(f => f.IsIdentifier).Name,
            SubjectKind.Organisations => "统一社会信用代码",
            _ => null,
        },
    };
}
