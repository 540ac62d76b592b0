import { Rng, WeightedTable } from './rng';

/**
 * Personal names are drawn character by character, so a full name is a chance combination rather than
 * anybody's record. Surname weights follow the rough national frequencies (per mille), with southern
 * surnames (陈, 黄, 梁, 韦, 覃) a little heavier, as they are in Guangdong's population.
 */
const SURNAMES = new WeightedTable<string>([
  ['王', 66],
  ['李', 66],
  ['张', 60],
  ['刘', 52],
  ['陈', 60],
  ['杨', 30],
  ['黄', 32],
  ['赵', 19],
  ['吴', 20],
  ['周', 18],
  ['徐', 14],
  ['孙', 12],
  ['马', 12],
  ['朱', 11],
  ['胡', 12],
  ['郭', 10],
  ['何', 12],
  ['林', 14],
  ['罗', 11],
  ['高', 9],
  ['郑', 9],
  ['梁', 11],
  ['谢', 8],
  ['宋', 6],
  ['唐', 7],
  ['许', 6],
  ['韩', 5],
  ['邓', 7],
  ['冯', 5],
  ['曹', 5],
  ['彭', 6],
  ['曾', 7],
  ['肖', 5],
  ['田', 4],
  ['董', 4],
  ['潘', 4],
  ['袁', 4],
  ['蔡', 5],
  ['蒋', 4],
  ['余', 4],
  ['于', 3],
  ['杜', 3],
  ['叶', 5],
  ['程', 3],
  ['魏', 3],
  ['苏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['卢', 4],
  ['姚', 3],
  ['沈', 3],
  ['钟', 4],
  ['姜', 2],
  ['崔', 2],
  ['谭', 3],
  ['陆', 2],
  ['范', 2],
  ['汪', 2],
  ['廖', 3],
  ['石', 2],
  ['金', 2],
  ['韦', 3],
  ['贾', 2],
  ['夏', 2],
  ['付', 2],
  ['方', 2],
  ['邹', 2],
  ['熊', 2],
  ['白', 2],
  ['孟', 2],
  ['秦', 2],
  ['邱', 2],
  ['侯', 2],
  ['江', 2],
  ['尹', 2],
  ['薛', 2],
  ['段', 2],
  ['雷', 2],
  ['龙', 2],
  ['黎', 2],
  ['史', 1],
  ['陶', 1],
  ['贺', 1],
  ['毛', 1],
  ['郝', 1],
  ['顾', 1],
  ['龚', 1],
  ['邵', 1],
  ['万', 1],
  ['覃', 2],
  ['莫', 2],
  ['欧阳', 0.6],
  ['司徒', 0.3],
  ['司马', 0.1],
  ['上官', 0.1],
  ['诸葛', 0.05],
]);

const MALE_GIVEN = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建志永锋晨博文轩然泽昊睿宏海峰亮成康国栋振'];
const FEMALE_GIVEN = [...'芳娜敏静丽艳娟霞秀玲燕红英梅琳丹萍婷雪慧颖晶欣怡佳琪悦涵妍思雨诗梦婉月倩洁兰蓉璐瑶菲蕾莉薇霖'];
const SHARED_GIVEN = [...'子一嘉文晓少小安雅清春秋心新志天思宇明家俊美'];

export function drawSurname(rng: Rng): string {
  return SURNAMES.pick(rng);
}

/** One or two characters; one-character given names are commoner among older people. */
export function drawGivenName(rng: Rng, gender: 'MALE' | 'FEMALE', birthYear: number): string {
  const own = gender === 'MALE' ? MALE_GIVEN : FEMALE_GIVEN;
  const single = rng.chance(birthYear < 1975 ? 0.4 : 0.2);
  const last = rng.pick(own);
  if (single) return last;
  const first = rng.chance(0.35) ? rng.pick(SHARED_GIVEN) : rng.pick(own);
  return first === last ? `${first}${rng.pick(own)}` : `${first}${last}`;
}

const ETHNICITIES_BY_PROVINCE: Record<string, WeightedTable<string>> = {
  '45': new WeightedTable([
    ['汉族', 56],
    ['壮族', 35],
    ['瑶族', 4],
    ['侗族', 3],
    ['苗族', 2],
  ]),
  '43': new WeightedTable([
    ['汉族', 88],
    ['土家族', 5],
    ['苗族', 5],
    ['侗族', 1],
    ['瑶族', 1],
  ]),
  '42': new WeightedTable([
    ['汉族', 95],
    ['土家族', 4],
    ['苗族', 1],
  ]),
  '52': new WeightedTable([
    ['汉族', 62],
    ['苗族', 12],
    ['布依族', 8],
    ['土家族', 7],
    ['侗族', 5],
    ['彝族', 3],
    ['水族', 3],
  ]),
  '51': new WeightedTable([
    ['汉族', 94],
    ['彝族', 4],
    ['藏族', 1],
    ['羌族', 1],
  ]),
  '53': new WeightedTable([
    ['汉族', 66],
    ['彝族', 12],
    ['白族', 5],
    ['哈尼族', 5],
    ['傣族', 4],
    ['壮族', 4],
    ['苗族', 4],
  ]),
  '41': new WeightedTable([
    ['汉族', 99],
    ['回族', 1],
  ]),
  '44': new WeightedTable([
    ['汉族', 995],
    ['壮族', 3],
    ['瑶族', 2],
  ]),
};
const ETHNICITIES_ELSEWHERE = new WeightedTable([
  ['汉族', 995],
  ['回族', 3],
  ['满族', 2],
]);

export function drawEthnicity(rng: Rng, province: string): string {
  return (ETHNICITIES_BY_PROVINCE[province] ?? ETHNICITIES_ELSEWHERE).pick(rng);
}
