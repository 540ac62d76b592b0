import { convertChineseNumerals, numeralValue } from './chinese-numerals';
import { normalizeAddressText } from './normalize';

describe('Chinese numerals', () => {
  it.each([
    ['十', '10'],
    ['十二', '12'],
    ['二十', '20'],
    ['二十三', '23'],
    ['一百', '100'],
    ['一百零五', '105'],
    ['一百二十', '120'],
    ['三百二十一', '321'],
    ['一千零一', '1001'],
    ['两', '2'],
    ['五〇一', '501'],
    ['五零一', '501'],
    ['一二', '12'],
  ])('%s is %s', (run, value) => expect(numeralValue(run)).toBe(value));

  it.each([
    ['人民路十二号', '人民路12号'],
    ['三栋二单元五〇一室', '3栋2单元501室'],
    ['三号楼', '3号楼'],
    ['第三村民小组', '第3村民小组'],
    ['五组', '5组'],
    ['十二#', '12#'],
    ['二单元五零一', '2单元501'],
  ])('converts the numbers of %s', (text, expected) => expect(convertChineseNumerals(text)).toBe(expected));

  it.each(['兴业一路', '新华二路', '三元里', '五金街'])('leaves the numerals of the name %s alone', (text) => expect(convertChineseNumerals(text)).toBe(text));
});

describe('normalizeAddressText', () => {
  it.each([
    ['人民路１２号', '人民路12号'],
    ['人民路１２＃', '人民路12#'],
    ['Ａ座１０１', 'A座101'],
    ['榕溪镇 大江村，繁荣街 19 号', '榕溪镇大江村繁荣街19号'],
    ['人民路(东溪段)12号', '人民路12号'],
    ['人民路（东溪段）12号', '人民路12号'],
    ['兴业1路8号', '兴业一路8号'],
    ['3栋—2—501', '3栋-2-501'],
    ['人民路12号3－2－501', '人民路12号3-2-501'],
  ])('%s → %s', (raw, expected) => expect(normalizeAddressText(raw)).toBe(expected));
});
