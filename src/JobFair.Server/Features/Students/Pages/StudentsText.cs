namespace JobFair.Server.Features.Students.Pages;

/// <summary>The words of the students' pages (StudentsText.resx in Chinese, StudentsText.en.resx in English).</summary>
public sealed class StudentsText;
