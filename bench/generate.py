"""Deterministic generator of realistic policy documents for benchmarks: notices with nested measures,
responsibility lists in every written form, targets and citations, and replies to proposals.

The same (count, seed) always gives byte-identical files. Names and phrasing come from the small tables
below (not from the loaders' registry), so the benchmark reads text as a user's archive would.

    python -m bench.generate OUT_DIR --count 1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

PROVINCES = (  # name, document-number abbreviation, seat city, phone area code
    ("吉林省", "吉", "长春", "0431"), ("广东省", "粤", "广州", "020"), ("浙江省", "浙", "杭州", "0571"),
    ("四川省", "川", "成都", "028"), ("湖北省", "鄂", "武汉", "027"), ("湖南省", "湘", "长沙", "0731"),
    ("江苏省", "苏", "南京", "025"), ("山东省", "鲁", "济南", "0531"), ("河北省", "冀", "石家庄", "0311"),
    ("河南省", "豫", "郑州", "0371"), ("福建省", "闽", "福州", "0591"), ("安徽省", "皖", "合肥", "0551"),
)
DEPARTMENTS = (  # short provincial name, abbreviation in document numbers
    ("民政厅", "民"), ("卫生健康委", "卫"), ("财政厅", "财"), ("发展改革委", "发改"), ("人力资源社会保障厅", "人社"),
    ("住房城乡建设厅", "建"), ("自然资源厅", "自然资源"), ("教育厅", "教"), ("医保局", "医保"),
    ("市场监管局", "市监"), ("农业农村厅", "农"), ("商务厅", "商"), ("文化和旅游厅", "文旅"),
    ("交通运输厅", "交"), ("应急管理厅", "应急"), ("科技厅", "科"), ("工业和信息化厅", "工信"), ("司法厅", "司"),
)


@dataclass(frozen=True)
class Topic:
    """A policy area: its lead department, title words, measure phrases and target indicators."""

    name: str
    lead: str
    headings: tuple[str, ...]
    actions: tuple[str, ...]
    indicators: tuple[tuple[str, str], ...]  # (indicator, "%" for a rate or the unit of a count)


TOPICS = (
    Topic("养老服务", "民政厅",
          ("健全养老服务网络", "发展居家社区养老服务", "提升机构养老服务质量", "强化要素保障"),
          ("推进县级养老服务指导中心建设", "发展社区嵌入式养老服务", "完善老年助餐服务体系",
           "推进特殊困难老年人家庭适老化改造", "加强养老护理员队伍建设", "推动医养结合发展",
           "落实养老服务设施用地政策", "扩大普惠养老服务供给"),
          (("乡镇（街道）区域养老服务中心覆盖率", "%"), ("社区老年助餐点", "个"), ("养老机构护理型床位占比", "%"))),
    Topic("托育服务", "卫生健康委",
          ("扩大普惠托育供给", "提升托育服务质量", "完善支持政策"),
          ("支持用人单位举办托育机构", "推动幼儿园招收2至3岁幼儿", "建设社区嵌入式托育服务设施", "加强托育从业人员培训",
           "落实托育机构备案管理", "推进医育结合"),
          (("托育服务覆盖率", "%"), ("普惠性托位", "个"), ("托育从业人员培训", "人次"))),
    Topic("就业促进", "人力资源社会保障厅",
          ("稳定和扩大就业岗位", "强化重点群体就业帮扶", "提升公共就业服务水平"),
          ("落实吸纳就业补贴政策", "开展高校毕业生就业服务专项行动", "加强农民工就业帮扶", "建设零工市场",
           "开展职业技能培训", "推进创业担保贷款扶持"),
          (("城镇新增就业", "万人"), ("职业技能培训", "万人次"), ("零工市场", "个"))),
    Topic("农村供水", "水利厅",
          ("推进城乡供水一体化", "提升农村供水保障水平", "健全工程管护机制"),
          ("实施规模化供水工程建设", "开展小型供水工程标准化改造", "加强水源保护和水质检测", "推进农村供水县域统管",
           "落实工程维修养护经费"),
          (("农村自来水普及率", "%"), ("规模化供水工程覆盖农村人口比例", "%"), ("小型工程标准化改造", "处"))),
    Topic("城市更新", "住房城乡建设厅",
          ("推进老旧小区改造", "完善城市基础设施", "提升城市治理水平"),
          ("实施城镇老旧小区改造", "推进城市燃气管道老化更新改造", "建设完整社区", "推进城市地下管网建设",
           "开展城市体检", "推进既有住宅加装电梯"),
          (("城镇老旧小区改造", "个"), ("燃气管道老化更新改造", "公里"), ("既有住宅加装电梯", "部"))),
)
NATIONAL_DOCS = (
    ("国务院办公厅关于发展银发经济增进老年人福祉的意见", "国办发〔2024〕1号"),
    ("国务院关于加强和推进老龄工作的意见", "中发〔2021〕45号"),
    ("国务院办公厅关于促进3岁以下婴幼儿照护服务发展的指导意见", "国办发〔2019〕15号"),
    ("国务院关于进一步做好稳就业工作的意见", "国发〔2019〕28号"),
    ("国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见", "国办发〔2020〕23号"),
    ("中华人民共和国老年人权益保障法", ""),
    ("中华人民共和国就业促进法", ""),
)
CN_DIGITS = "〇一二三四五六七八九"
ORDINALS = "一二三四五六七八九十"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗"


def cn_year(year: int) -> str:
    """二〇二五 for 2025."""
    return "".join(CN_DIGITS[int(d)] for d in str(year))


def cn_number(n: int) -> str:
    """Chinese numeral for 1–99 (十二, 二十三)."""
    if n <= 10:
        return ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else ORDINALS[tens - 1]) + "十" + (ORDINALS[ones - 1] if ones else "")


def cn_date(year: int, month: int, day: int) -> str:
    """二〇二五年五月十二日."""
    return f"{cn_year(year)}年{cn_number(month)}月{cn_number(day)}日"


class Writer:
    """Builds one document with one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.province, self.abbr, self.city, self.area = rng.choice(PROVINCES)
        self.topic = rng.choice(TOPICS)
        self.year = rng.randint(2018, 2026)

    def depts(self, k: int) -> list[str]:
        """k distinct provincial departments as written in the text (省民政厅), the topic's lead first."""
        others = [d for d, _ in DEPARTMENTS if d != self.topic.lead]
        return ["省" + d for d in [self.topic.lead, *self.rng.sample(others, k - 1)]]

    def responsibility(self) -> str:
        """A responsibility clause in one of the written forms."""
        units = self.depts(self.rng.randint(1, 4))
        form = self.rng.randrange(5)
        if form == 0:
            return f"（责任单位：{'、'.join(units)}）"
        if form == 1 and len(units) > 1:
            return f"（牵头单位：{units[0]}；配合单位：{'、'.join(units[1:])}）"
        if form == 2 and len(units) > 1:
            return f"（{units[0]}牵头，{'、'.join(units[1:])}配合）"
        if form == 3:
            return f"（{'、'.join(units)}负责）"
        return f"（责任单位：{'、'.join(units)}，各市（州）人民政府）"

    def target(self) -> str:
        """A quantified target sentence."""
        indicator, unit = self.rng.choice(self.topic.indicators)
        deadline = self.year + self.rng.randint(1, 4)
        if unit == "%":
            if self.rng.random() < 0.7:
                return f"到{deadline}年，{indicator}达到{self.rng.randint(50, 95)}%以上。"
            return f"力争到“十五五”末，{indicator}达到100%。"
        if self.rng.random() < 0.6:
            return f"{deadline}年底前，新增{indicator}不少于{self.rng.randint(2, 90) * 100}{unit}。"
        return f"年内完成{indicator}{self.rng.randint(10, 500)}{unit}。"

    def measure_text(self) -> str:
        """The body of one measure: an action, how, sometimes a target."""
        action = self.rng.choice(self.topic.actions)
        body = (f"{action}，完善{self.topic.name}相关制度，统筹{self.rng.choice(['城乡', '区域', '部门'])}资源，"
                f"加强{self.rng.choice(['政策衔接', '资金保障', '督促检查', '信息共享'])}。")
        if self.rng.random() < 0.45:
            body += self.target()
        return body

    def notice(self, serial: int) -> str:
        """A provincial notice that issues an implementation plan with nested measures."""
        rng, topic = self.rng, self.topic
        issuers = self.depts(rng.randint(1, 6))
        code = dict(DEPARTMENTS).get(topic.lead, "政")
        verb = rng.choice(["推进", "加快", "深化"])
        title = f"{self.province}{verb}{topic.name}高质量发展实施方案（{self.year}—{self.year + 3}年）"
        cited, number = rng.choice(NATIONAL_DOCS)
        cite = f"《{cited}》" + (f"（{number}）" if number else "")
        lines = [
            f"{self.province}{issuers[0][1:]}" + (f"等{len(issuers)}部门" if len(issuers) > 1 else "")
            + f"关于印发《{title}》的通知",
            f"{self.abbr}{code}发〔{self.year}〕{serial % 97 + 1}号",
            "",
            "各市（州）、县（市、区）人民政府，省直有关部门：",
            f"　　经省政府同意，现将《{title}》印发给你们，请结合实际认真贯彻落实。",
            "",
            *("　　" + d.replace("省", self.province, 1) for d in issuers),
            "　　" + cn_date(self.year, rng.randint(1, 12), rng.randint(1, 28)),
            "",
            title,
            "",
            f"　　为深入贯彻落实{cite}精神，根据《中华人民共和国{rng.choice(['老年人权益保障法', '就业促进法'])}》，"
            f"结合我省实际，制定本方案。",
        ]
        for s in range(rng.randint(3, 5)):
            lines.append(f"　　{ORDINALS[s]}、{rng.choice(topic.headings)}")
            for m in range(rng.randint(2, 5)):
                heading = rng.choice(topic.actions)
                if rng.random() < 0.25:
                    lines.append(f"　　（{ORDINALS[m]}）{heading}。{self.responsibility()}")
                    for k in range(rng.randint(2, 3)):
                        lines.append(f"　　{k + 1}.{self.measure_text()}")
                else:
                    lines.append(f"　　（{ORDINALS[m]}）{heading}。{self.measure_text()}{self.responsibility()}")
        lines.append(f"　　{ORDINALS[s + 1]}、保障措施")
        lines.append("　　各地各有关部门要加强组织领导，细化工作举措，确保各项任务落到实处。")
        return "\n".join(lines) + "\n"

    def reply(self, serial: int) -> str:
        """A department's reply to a people's-congress suggestion or a CPPCC proposal."""
        rng, topic = self.rng, self.topic
        congress = rng.random() < 0.5
        session = f"省十四届人大{cn_number(rng.randint(1, 4))}次会议" if congress else \
            f"省政协十三届{cn_number(rng.randint(1, 4))}次会议"
        number = f"{serial % 900 + 100:04d}" if congress else f"W{serial % 90 + 10}"
        kind, person = ("代表建议", "代表") if congress else ("委员提案", "委员")
        me = self.depts(1)[0]
        helpers = self.depts(3)[1:]
        name = rng.choice(SURNAMES) + "**"
        lines = [
            f"对{session}第{number}号{kind}的答复",
            "",
            f"{name}{person}：",
            f"　　您提出的《关于{rng.choice(topic.actions)}的建议》收悉。经认真研究，"
            f"并会同{'、'.join(helpers)}，现答复如下：",
            f"　　一、关于{rng.choice(topic.headings)}",
            f"　　近年来，我们认真贯彻落实《{rng.choice(NATIONAL_DOCS)[0]}》，{rng.choice(topic.actions)}。"
            f"截至{self.year - 1}年底，全省已建成相关设施{rng.randint(100, 3000)}个。",
            f"　　二、关于{rng.choice(topic.headings)}",
            f"　　我们联合{helpers[0]}印发了《{self.province}{topic.name}专项行动方案》"
            f"（{self.abbr}{dict(DEPARTMENTS).get(topic.lead, '政')}联〔{self.year - 1}〕{rng.randint(1, 60)}号），"
            f"{rng.choice(topic.actions)}。",
            "　　下一步，我们将重点做好以下工作：",
        ]
        for k in range(rng.randint(2, 4)):
            lines.append(f"　　{['一是', '二是', '三是', '四是'][k]}{self.measure_text()}")
        lines += [
            "　　感谢您对我省工作的关心和支持。",
            "",
            "　　" + me.replace("省", self.province, 1),
            "　　" + cn_date(self.year, rng.randint(4, 9), rng.randint(1, 28)),
            f"　　（联系人：{rng.choice(SURNAMES)}**，联系电话：{self.area}-8{rng.randint(1000000, 9999999)}）",
        ]
        return "\n".join(lines) + "\n"


def document(index: int, seed: int = 7) -> tuple[str, str]:
    """(file name, text) of document ``index`` of the series ``seed``: about 70 % notices, 30 % replies."""
    rng = random.Random(f"{seed}:{index}")
    writer = Writer(rng)
    if rng.random() < 0.7:
        return f"{index:06d}_notice.txt", writer.notice(index)
    return f"{index:06d}_reply.txt", writer.reply(index)


def generate(out: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` documents into ``out`` (created); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        name, text = document(i, seed)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: write N documents into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.out, args.count, args.seed)
    print(f"{len(paths)} documents in {args.out}")


if __name__ == "__main__":
    main()
