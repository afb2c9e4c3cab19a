# The benchmark's catalogue entry: the 30 columns of bench/Generate.cs as typed data items (printed as JSON).
# Optional argument: the share type (default Unconditional; Conditional for bench/grant.sh).
import json, sys
share = sys.argv[1] if len(sys.argv) > 1 else "Unconditional"
F = [("序号","Integer","Public"),("姓名","String","Personal"),("身份证号","IdCardNumber","Personal"),("性别","Code","Personal"),
     ("出生日期","Date","Personal"),("联系电话","String","Personal"),("户籍地址","String","Personal"),("现住址","String","Personal"),
     ("统一社会信用代码","CreditCode","Public"),("单位名称","String","Public"),("单位类型","Code","Public"),("登记日期","Date","Public"),
     ("注册资本","Decimal","Public"),("年收入","Decimal","Personal"),("社保缴费","Decimal","Personal"),("是否在职","Boolean","Personal"),
     ("学历","Code","Personal"),("民族","Code","Personal"),("婚姻状况","Code","Personal"),("邮箱","String","Personal"),("邮编","String","Public"),
     ("更新时间","DateTime","Public"),("备注","Text","Public"),("经度","Decimal","Public"),("纬度","Decimal","Public"),("行业代码","Code","Public"),
     ("所属街道","String","Public"),("网格编号","String","Public"),("核验状态","Code","Public"),("数据来源","String","Public")]
print(json.dumps({
  "name": "基准测试人员与单位信息", "summary": "基准测试用：人员与所在单位的登记信息（100 万行 × 30 列）。", "sourceBusiness": "登记业务",
  "sourceSystem": "登记系统", "category": "Departmental", "domain": "公共安全", "shareType": share,
  "shareBasis": None if share == "Unconditional" else "《中华人民共和国居民身份证法》第十九条", "openType": "NotOpen",
  "openReason": "涉及个人信息", "grade": "General", "usageRequirements": "仅限履职使用", "updateCycle": "Daily", "formats": ["CSV"],
  "qualityStandard": "质量规范", "subjectKind": "NaturalPersons", "identifierField": "身份证号",
  "fields": [{"name": n, "type": t, "description": n, "sensitivity": s, "isIdentifier": n == "身份证号"} for n, t, s in F]},
  ensure_ascii=False))
